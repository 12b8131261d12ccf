/** An official letter as offices draft it (OpenDocument text, Decree 30 layout), for the documents flow tests. */
import { consoleOperator, userOperator, type Actor, type Office } from '../../src/office/index.ts';
import { sealImage, signatureImage } from '../../src/pades/test-fixtures.ts';

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A công văn with "Số:" left blank for the number, the subject, a body and the signer's block */
export function letterFodt(options: { agency: string; unitAbbreviation: string; subject: string; body: string; signerName: string }): Uint8Array {
  const p = (text: string) => `<text:p>${esc(text)}</text:p>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
${p(options.agency.toUpperCase())}
${p(`Số:            /${options.unitAbbreviation}`)}
${p(`V/v ${options.subject}`)}
${p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')}
${p('Độc lập - Tự do - Hạnh phúc')}
${p(options.body)}
${p('KT. CHỦ TỊCH')}
${p('PHÓ CHỦ TỊCH')}
${p('')}${p('')}${p('')}${p('')}${p('')}
${p(options.signerName)}
</office:text></office:body></office:document>`;
  return new TextEncoder().encode(xml);
}

export const CA_PASSPHRASE = 'mat-khau-ca-rat-dai-2026';

/**
 * The office's own CA opened, and server-held keys for a leader (personal) and the leader's agency (seal); with
 * `personal: false` the seal only, for a leader who signs on a token
 */
export async function withSigningKeys(office: Office, actorOf: (username: string) => Promise<Actor>, leaderUsername: string, baseUrl = 'http://127.0.0.1:9', keys: { personal: boolean } = { personal: true }): Promise<void> {
  await office.pki.init(consoleOperator('test'), { passphrase: CA_PASSPHRASE, baseUrl, keyAlgorithm: 'ECDSA-P256' });
  await office.signing.keys.unlock(CA_PASSPHRASE);
  const caOperator = userOperator(await actorOf('stttt.ca'));
  const leader = await actorOf(leaderUsername);
  if (keys.personal) await office.signing.keys.enrol(caOperator, { purpose: 'personal', userId: leader.userId, idNumber: { kind: 'CCCD', value: '012345678901' }, province: 'Lai Châu', image: signatureImage() });
  await office.signing.keys.enrol(caOperator, { purpose: 'seal', agencyId: leader.agencyId, budgetCode: '1234567', province: 'Lai Châu', image: sealImage() });
}
