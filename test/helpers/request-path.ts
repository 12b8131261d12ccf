/**
 * A personal-certificate request taken up the levels over real HTTP, as the requests UI test does by hand: Bình Lư's
 * clerk files one Mẫu 01 row and sends it, Tam Đường's desk merges it and sends it on, the DIC merges it into the
 * province's list. For browser tests whose subject is what comes after (the CA's carry, the hand-over).
 */
import { person } from './axis-cluster.ts';

/** Mẫu 01 for the demo's Bình Lư specialist, who holds an official mailbox */
export const BINH_LU_PERSON = {
  fullName: 'NGUYỄN QUANG SÁNG', gender: 'Nam', birthDate: '17/5/1980', birthPlace: 'Tam Đường, Lai Châu', personIdNumber: '012084001234',
  personIdIssuedOn: '01/06/2015', personIdIssuedAt: 'Cục Cảnh sát QLHC về TTXH', email: 'chuyenvien.binhlu@laichau.gov.vn',
  workplace: 'UBND xã Bình Lư', address: 'Xã Bình Lư, huyện Tam Đường', position: 'Chuyên viên', mobile: '0916.731.226',
} as const;

/** The DIC's session and the entry, waiting in the province's list for its decision */
export async function requestAtDic(base: string, password: string, row: Readonly<Record<string, unknown>> = BINH_LU_PERSON) {
  const clerk = await person(base, 'binhlu.vanthu', password);
  const desk = await person(base, 'tamduong-vhtt.vanthu', password);
  const dic = await person(base, 'stttt.dic', password);
  const batch = await clerk.call<{ id: string }>('POST', '/api/request-batches', { formId: 'personal-certificate' });
  await clerk.call('POST', `/api/request-batches/${batch.id}/entries`, { version: 1, rows: [row] });
  const sent = await clerk.call<{ id: string; version: number }>('POST', `/api/request-batches/${batch.id}/submit`, { version: 2 });
  const district = await desk.call<{ id: string; version: number }>('POST', '/api/request-batches/merge', { sources: [{ id: sent.id, version: sent.version }] });
  const up = await desk.call<{ id: string; version: number }>('POST', `/api/request-batches/${district.id}/submit`, { version: district.version });
  const list = await dic.call<{ id: string }>('POST', '/api/request-batches/merge', { sources: [{ id: up.id, version: up.version }] });
  const { entries: [entry] } = await dic.call<{ entries: { id: string; version: number }[] }>('GET', `/api/request-batches/${list.id}`);
  return { dic, entry: entry! };
}
