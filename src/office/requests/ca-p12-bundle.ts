/**
 * Where a subscriber's PKCS#12 (ca-p12.ts) is kept track of, and its end. The blob is named only by the audit entry
 * written when the CA made it (the request entry, the certificate's serial, the blob id). Once the key is on the
 * holder's token and handed over (ca-own-tokens.ts) the blob is removed; the audit log is append-only, so that
 * entry stays and a removal entry of its own, on the same request entry, is what the download is refused by. @internal
 */
import type { Kysely } from 'kysely';
import { displayDate, vietnamDate } from '../../shared/vietnam-time.ts';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { Audit } from '../context.ts';
import { OfficeError } from '../office.errors.ts';

export const KEY_BUNDLE_MADE = 'request.entry.key_bundle';
const KEY_BUNDLE_REMOVED = 'request.entry.key_bundle_removed';

export interface KeyBundleRecord {
  readonly entryId: string;
  readonly serial: string | null;
  readonly blobId: string;
  /** The operator who carried the entry and saw the one-time password */
  readonly madeBy: string | null;
}

type Row = { target_id: string | null; actor_id: string | null; details: string };
const recordOf = (row: Row): KeyBundleRecord => {
  const details = JSON.parse(row.details) as { serial?: string | null; blobId: string };
  return { entryId: row.target_id!, serial: details.serial ?? null, blobId: details.blobId, madeBy: row.actor_id };
};

const made = (db: Kysely<Database>) => db.selectFrom('audit_log').select(['target_id', 'actor_id', 'details']).where('action', '=', KEY_BUNDLE_MADE)
  .where('target_type', '=', 'request_entry').orderBy('seq', 'desc');

/** The PKCS#12 made for a request entry, if any */
export async function bundleOfEntry(db: Kysely<Database>, entryId: string): Promise<KeyBundleRecord | undefined> {
  const row = await made(db).where('target_id', '=', entryId).limit(1).executeTakeFirst();
  return row ? recordOf(row) : undefined;
}

/** The PKCS#12 holding a certificate's key; the serial is hex (checked by the register), so it cannot widen the pattern */
export async function bundleOfCertificate(db: Kysely<Database>, serial: string): Promise<KeyBundleRecord | undefined> {
  const rows = await made(db).where('details', 'like', `%"serial":"${serial}"%`).execute();
  return rows.map(recordOf).find((r) => r.serial === serial);
}

/** Written in the hand-over's transaction: from its commit on, the bundle is refused even if removing the file failed */
export const recordRemoval = (audit: Audit, actor: Actor, bundle: KeyBundleRecord, tokenSerial: string) => audit({
  actorId: actor.userId, agencyId: actor.agencyId, action: KEY_BUNDLE_REMOVED, targetType: 'request_entry', targetId: bundle.entryId,
  details: { serial: bundle.serial, blobId: bundle.blobId, token: tokenSerial },
});

/** The refusal for a bundle whose key went onto a token, saying which token and when; undefined while it is still kept */
export async function removalOf(db: Kysely<Database>, entryId: string): Promise<OfficeError | undefined> {
  const row = await db.selectFrom('audit_log').select(['at', 'details']).where('action', '=', KEY_BUNDLE_REMOVED).where('target_type', '=', 'request_entry')
    .where('target_id', '=', entryId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  const { token } = JSON.parse(row.details) as { token: string };
  return new OfficeError('OFFICE_KEY_BUNDLE_REMOVED', { token, date: displayDate(vietnamDate(new Date(row.at))) });
}
