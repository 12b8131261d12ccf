/** The demo province with its request desks set, two mailbox holders, and the request service over it. Tests only. @internal */
import { DEMO_PASSWORD, demoOffice } from '../../../test/helpers/demo-office.ts';
import type { Db } from '../../store/index.ts';
import { createAgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { formById } from '../forms/index.ts';
import { sampleEntry } from '../forms/sample-entries.ts';
import { createRequestService } from './index.ts';
import type { RequestEntry } from './requests.types.ts';

export const FORM = 'personal-certificate';

/** A valid personal-certificate row for a person with the given mailbox */
export const person = (name: string, email: string, extra: Record<string, unknown> = {}) =>
  ({ ...sampleEntry(formById(FORM)!), fullName: name, email, ...extra });

export async function requestSetting(db: Db) {
  const demo = await demoOffice(db);
  const { office, actorOf, clock, blobs } = demo;
  const ctx: OfficeContext = { db, blobs, now: clock.now };
  const approvedSeen: RequestEntry[][] = [];
  const requests = createRequestService(ctx, createAgencyScope(), {
    officialMailDomains: ['laichau.gov.vn'],
    onApproved: async (entries) => { approvedSeen.push([...entries]); },
  });
  const agencyId = async (username: string) => (await actorOf(username)).agencyId;
  await requests.desks.set(await actorOf('laichau.admin'), await agencyId('laichau.admin'), await agencyId('stttt.dic'));
  await requests.desks.set(await actorOf('tamduong.admin'), await agencyId('tamduong.admin'), await agencyId('tamduong-vhtt.vanthu'));
  for (const [admin, username, email] of [['binhlu.admin', 'sangnq', 'sangnq.binhlu@laichau.gov.vn'], ['banbo.admin', 'lanvt', 'lanvt.banbo@laichau.gov.vn']] as const) {
    const a = await actorOf(admin);
    await office.users.create(a, { agencyId: a.agencyId, username, fullName: username, email, password: DEMO_PASSWORD, roles: ['specialist'] });
  }
  return {
    ...demo, requests, approvedSeen,
    binhlu: await actorOf('binhlu.vanthu'), banbo: await actorOf('banbo.vanthu'), binhluSpecialist: await actorOf('binhlu.chuyenvien'),
    district: await actorOf('tamduong-vhtt.vanthu'), districtLeaderOffice: await actorOf('tamduong.vanthu'),
    dic: await actorOf('stttt.dic'), dicClerk: await actorOf('stttt.vanthu'), vpubnd: await actorOf('vpubnd.vanthu'),
  };
}

export type RequestSetting = Awaited<ReturnType<typeof requestSetting>>;

/** A unit's draft list of personal certificates with the given rows */
export async function filedBatch(s: RequestSetting, actor: RequestSetting['binhlu'], rows: readonly Record<string, unknown>[]) {
  const batch = await s.requests.batches.create(actor, { formId: FORM });
  return s.requests.entries.add(actor, batch, rows);
}
