/** The demo office and a request list carried from Bình Lư to the DIC and approved there, for the registry tests. Tests only. @internal */
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import type { Db } from '../../store/index.ts';

export async function registrySetting(db: Db) {
  const demo = await demoOffice(db);
  const { office, actorOf } = demo;
  const people = {
    unit: await actorOf('binhlu.vanthu'), unitAdmin: await actorOf('binhlu.admin'), otherAdmin: await actorOf('banbo.admin'),
    district: await actorOf('tamduong-vhtt.vanthu'), dic: await actorOf('stttt.dic'), specialist: await actorOf('binhlu.chuyenvien'),
  };

  /** A list of `formId` with `rows` filed by Bình Lư's clerk, merged at Tam Đường's desk, consolidated and approved by the DIC */
  async function approvedAtDic(formId: string, rows: readonly Record<string, unknown>[]) {
    const r = office.requests;
    const added = await r.entries.add(people.unit, await r.batches.create(people.unit, { formId }), rows);
    const sent = await r.batches.submit(people.unit, added.batch);
    const merged = await r.batches.merge(people.district, { sources: [sent] });
    const sentOn = await r.batches.submit(people.district, await r.queries.batch(people.district, merged.id));
    const province = await r.batches.merge(people.dic, { sources: [sentOn] });
    return r.decisions.approve(people.dic, (await r.queries.batch(people.dic, province.id)).entries);
  }

  return { ...demo, ...people, approvedAtDic };
}

export type RegistrySetting = Awaited<ReturnType<typeof registrySetting>>;
