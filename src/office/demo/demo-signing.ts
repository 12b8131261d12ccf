/**
 * Signing ready to try in the demo: the office's own CA, and for every demo agency a server-held key for its
 * leader and its seal, with drawn images (a blue signature stroke; a red double ring with the star of a state
 * seal). A real installation enrols real people's keys and scans real seals instead.
 */
import { drawPng } from '../../pades/index.ts';
import { consoleOperator } from '../pki/index.ts';
import type { PkiService } from '../pki/index.ts';
import type { OfficeContext } from '../context.ts';
import type { SigningKeys } from '../signing/signing-keys.ts';
import { DEMO_AGENCIES } from './demo-province.ts';


/** Inside a five-pointed star of outer radius R centred at the origin (point up) */
function inStar(x: number, y: number, R: number): boolean {
  const r = R * 0.382;
  const angle = Math.atan2(x, -y);
  const sector = (2 * Math.PI) / 5;
  const a = ((angle % sector) + sector) % sector - sector / 2;
  // The star's edge between an outer point (a = 0) and an inner corner (a = ±36°), as a radius at this angle
  const t = Math.abs(a) / (sector / 2);
  const edge = 1 / ((1 - t) / R + t / r);
  return Math.hypot(x, y) <= edge;
}

export const demoSealImage = () => drawPng(400, 400, (x, y) => {
  const d = Math.hypot(x - 200, y - 200);
  const red = [200, 16, 16, 255] as const;
  return (d > 178 && d < 196) || (d > 128 && d < 136) || inStar(x - 200, y - 200, 70) ? red : undefined;
});

export const demoSignatureImage = () => drawPng(360, 140, (x, y) => {
  const stroke = 70 + 40 * Math.sin(x / 22) * Math.cos(x / 61);
  return Math.abs(y - stroke) < 3.5 || (x > 60 && x < 300 && Math.abs(y - (118 - x / 14)) < 2.5) ? [20, 50, 190, 255] : undefined;
});

export async function seedDemoSigning(ctx: OfficeContext, pki: PkiService, keys: SigningKeys, passphrase: string, baseUrl: string): Promise<number> {
  const operator = consoleOperator('demo');
  await pki.init(operator, { passphrase, baseUrl, keyAlgorithm: 'ECDSA-P256', organization: 'congvan demo' });
  await keys.unlock(passphrase);
  let enrolled = 0;
  for (const [i, agency] of DEMO_AGENCIES.entries()) {
    const row = await ctx.db.kysely.selectFrom('agencies').select('id').where('code', '=', agency.code).executeTakeFirst();
    const leader = await ctx.db.kysely.selectFrom('users').select('id').where('username', '=', `${agency.slug}.lanhdao`).executeTakeFirst();
    if (!row || !leader) continue;
    const province = agency.code.endsWith('H37') ? 'Lạng Sơn' : agency.code.endsWith('H23') ? 'Hải Dương' : 'Lai Châu';
    await keys.enrol(operator, { purpose: 'personal', userId: leader.id, idNumber: { kind: 'CCCD', value: `0012000000${String(i).padStart(2, '0')}` }, province, image: demoSignatureImage(), keyAlgorithm: 'ECDSA-P256' });
    await keys.enrol(operator, { purpose: 'seal', agencyId: row.id, budgetCode: String(1000000 + i), province, image: demoSealImage(), keyAlgorithm: 'ECDSA-P256' });
    enrolled += 2;
  }
  return enrolled;
}
