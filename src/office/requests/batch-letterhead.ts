/**
 * What Decree 30 prints around a list's covering letter, read from the agencies: the agency with the one above it,
 * the place in the date line, the notation's parts, the recipient and the signer's title. @internal
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import { findAgency } from '../agencies/index.ts';
import { OfficeError } from '../office.errors.ts';
import type { LetterSigner } from './covering-letter.types.ts';
import { chainOf } from './levels.ts';

/** Where the province's own list goes when it is sent to the CA (the Government CA; congvan's own CA needs no letter) */
const GOVERNMENT_CA = 'Cục Chứng thực số và Bảo mật thông tin - Ban Cơ yếu Chính phủ';

const AREA_PREFIX = /^(ủy ban nhân dân|ubnd)\s+(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+/iu;
/** The leader's title by the agency's level, printed in capitals under the signature */
const LEADER_TITLES: Readonly<Record<string, string>> = {
  province: 'Chủ tịch', district: 'Chủ tịch', commune: 'Chủ tịch', department: 'Giám đốc', office: 'Trưởng phòng',
};

export interface Letterhead {
  readonly agency: { readonly parent?: string; readonly name: string };
  readonly place: string;
  /** Notation parts for a công văn: "UBND-VHTT" for a district's office, "STTTT-VP" or "UBND-VP" otherwise */
  readonly issuer: string;
  readonly unit: string;
  readonly leaderTitle: string;
}

export async function letterheadOf(db: Kysely<Database>, agencyId: string): Promise<Letterhead> {
  const chain = await chainOf(db, agencyId);
  const [self, parent] = chain;
  if (!self) throw new OfficeError('OFFICE_AGENCY_NOT_FOUND');
  // Decree 30: the province's, district's or commune's name where the agency sits
  const area = chain.find((a) => a.level === 'commune' || a.level === 'district' || a.level === 'province') ?? self;
  const isOffice = self.level === 'office' && parent;
  return {
    agency: { ...(parent ? { parent: parent.name } : {}), name: self.name },
    place: area.name.replace(AREA_PREFIX, ''),
    issuer: isOffice ? parent.short_name : self.short_name,
    unit: isOffice ? self.short_name : 'VP',
    leaderTitle: LEADER_TITLES[self.level] ?? 'Thủ trưởng cơ quan',
  };
}

/** The next level's agency after "Kính gửi:", or the Government CA for the province's list */
export async function recipientOf(db: Kysely<Database>, targetAgencyId: string | null): Promise<string> {
  if (!targetAgencyId) return GOVERNMENT_CA;
  return (await findAgency(db, targetAgencyId))?.name ?? targetAgencyId;
}

/** A leader signs in their own title; anyone else by order of the leader (Decree 30: "TL.") */
export function signerOf(actor: Actor, name: string, head: Letterhead): LetterSigner {
  if (hasRole(actor, 'leader')) return { title: head.leaderTitle, name };
  return { authority: `TL. ${head.leaderTitle}`, title: 'Chuyên viên', name };
}
