/**
 * The demo province on today's clock with congvan's own CA initialised, the request service carried to it by the
 * own-CA desk, and helpers that take one form's rows from a unit to the DIC's approval. Tests only. @internal
 */
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, demoOffice } from '../../../test/helpers/demo-office.ts';
import { runTool, type scratch } from '../../../test/helpers/tools.ts';
import { toPem } from '../../pki/index.ts';
import type { Db } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import { createAgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { formById } from '../forms/index.ts';
import { sampleEntry } from '../forms/sample-entries.ts';
import { consoleOperator } from '../pki/index.ts';
import { createOwnCaDesk, createRequestService, type CarryResult, type RequestService } from './index.ts';

export const CA_PASSPHRASE = 'cum-tu-bao-ve-khoa-CA-2026';
export const HOLDER_EMAIL = 'minhlv@laichau.gov.vn';

/** A valid row of the form with the given fields changed */
export const row = (formId: string, extra: Record<string, unknown> = {}) => ({ ...sampleEntry(formById(formId)!), ...extra });

export const personRow = (extra: Record<string, unknown> = {}) =>
  row('personal-certificate', { fullName: 'LÒ VĂN MINH', email: HOLDER_EMAIL, workplace: 'Văn phòng UBND tỉnh Lai Châu', personIdNumber: '012345678901', ...extra });

export async function caSetting(db: Db) {
  const demo = await demoOffice(db, new Date());
  const { office, actorOf, clock, blobs } = demo;
  const ctx: OfficeContext = { db, blobs, now: clock.now };
  const carried: CarryResult[][] = [];
  let requests: RequestService | undefined;
  const desk = createOwnCaDesk({ ctx, scope: createAgencyScope(), pki: office.pki, requests: () => requests!, keyAlgorithm: 'ECDSA-P256', onCarried: (r) => { carried.push([...r]); } });
  requests = createRequestService(ctx, createAgencyScope(), { officialMailDomains: ['laichau.gov.vn'], onApproved: desk.sink });
  await office.pki.init(consoleOperator('test'), { passphrase: CA_PASSPHRASE, baseUrl: 'http://127.0.0.1:3000', keyAlgorithm: 'ECDSA-P256' });
  await requests.desks.set(await actorOf('laichau.admin'), (await actorOf('laichau.admin')).agencyId, (await actorOf('stttt.dic')).agencyId);
  const vpAdmin = await actorOf('vpubnd.admin');
  const holder = await office.users.create(vpAdmin, { agencyId: vpAdmin.agencyId, username: 'minhlv', fullName: 'Lò Văn Minh', email: HOLDER_EMAIL, password: DEMO_PASSWORD, roles: ['specialist'] });
  return { ...demo, ctx, requests, desk, carried, holder, vpAdmin, unit: await actorOf('vpubnd.vanthu'), dic: await actorOf('stttt.dic') };
}

export type CaSetting = Awaited<ReturnType<typeof caSetting>>;

/** A unit directly under the province files the rows; the DIC takes them into its list */
export async function filedToDic(s: CaSetting, formId: string, rows: readonly Record<string, unknown>[], unit: Actor = s.unit) {
  const batch = await s.requests.batches.create(unit, { formId });
  const { batch: filled } = await s.requests.entries.add(unit, batch, rows);
  const sent = await s.requests.batches.submit(unit, filled);
  const list = await s.requests.batches.merge(s.dic, { sources: [sent] });
  return (await s.requests.queries.batch(s.dic, list.id)).entries;
}

/** Filed, then approved by the DIC: the own-CA desk has acted when this returns */
export async function approved(s: CaSetting, formId: string, rows: readonly Record<string, unknown>[]) {
  return s.requests.decisions.approve(s.dic, await filedToDic(s, formId, rows));
}

export const entryNow = async (s: CaSetting, id: string) => (await s.requests.queries.timeline(s.dic, id)).entry;

/** What `openssl ocsp` says of the certificate, asked of our responder for the issuing CA */
export async function ocspSays(s: CaSetting, files: ReturnType<typeof scratch>, pem: string): Promise<string> {
  const pki = s.office.pki;
  const issuer = files.write('issuing.pem', toPem(await pki.responders.certificate('issuing'), 'CERTIFICATE'));
  const chain = files.write('chain.pem', toPem(await pki.responders.certificate('root'), 'CERTIFICATE') + toPem(await pki.responders.certificate('issuing'), 'CERTIFICATE'));
  const leaf = files.write('leaf.pem', pem);
  const asked = runTool('openssl', ['ocsp', '-issuer', issuer, '-cert', leaf, '-no_nonce', '-reqout', `${files.dir}/q.der`]);
  if (asked.code !== 0) throw new Error(asked.stderr);
  const der = await pki.responders.ocsp('issuing', new Uint8Array(readFileSync(`${files.dir}/q.der`)));
  const answer = runTool('openssl', ['ocsp', '-respin', files.write('r.der', der), '-issuer', issuer, '-cert', leaf, '-CAfile', chain]);
  return answer.stdout + answer.stderr;
}
