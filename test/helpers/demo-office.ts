import { createOffice, type Actor, type Office } from '../../src/office/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDiskBlobStore, type BlobStore, type Db } from '../../src/store/index.ts';
import { manualClock } from './clock.ts';

export const DEMO_PASSWORD = 'matkhau-demo-2026';

/** An office over the given database with the demo province seeded and a hand-moved clock. */
export async function demoOffice(db: Db, start?: Date): Promise<{ office: Office; clock: ReturnType<typeof manualClock>; blobs: BlobStore; actorOf: (username: string) => Promise<Actor> }> {
  const clock = manualClock(start);
  const blobs = openDiskBlobStore(mkdtempSync(join(tmpdir(), 'congvan-blobs-')));
  const office = createOffice({ db, blobs, now: clock.now });
  await office.seedDemo(DEMO_PASSWORD);
  const actorOf = async (username: string) => {
    const grant = await office.auth.signIn({ username, password: DEMO_PASSWORD });
    return (await office.auth.authenticate(grant.token)).actor;
  };
  return { office, clock, blobs, actorOf };
}
