/**
 * A carry claims its entry before the CA acts, so the CA never acts twice on one request: a double click on
 * "Thực hiện lại trên CA", or a retry racing the approval's own carry, finds the claim and is told the request is
 * being carried (two carries had issued two certificates, the second one's key with a password nobody saw). The
 * claim is a request event of its own kind on the entry, so not on its timeline, taken under the list's lock and
 * released when the carry ends; one left by a process that died is taken over after CLAIM_STALE_MS. @internal
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { OwnCa } from './ca-own-context.ts';
import { insertEvents, type EntryRow, type NewEvent } from './requests.repo.ts';
import { inTransaction, lockedEntry } from './work.ts';

const CLAIM_KIND = 'ca-carry';
const CLAIM_STALE_MS = 10 * 60_000;

type ClaimState = 'carrying' | 'released';
interface ClaimStep { readonly version: number; readonly at: string; readonly state: ClaimState }

async function latestClaim(db: Kysely<Database>, entryId: string): Promise<ClaimStep | undefined> {
  const row = await db.selectFrom('request_events').select(['version', 'at', 'to_state']).where('target_kind', '=', CLAIM_KIND).where('target_id', '=', entryId)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { version: row.version, at: row.at, state: row.to_state as ClaimState } : undefined;
}

const claimEvent = (entry: EntryRow, previous: ClaimStep | undefined, state: ClaimState, actor: Actor, at: string): NewEvent => ({
  target_kind: CLAIM_KIND, target_id: entry.id, version: (previous?.version ?? 0) + 1, action: `ca-${state}`, from_state: previous?.state ?? null, to_state: state,
  batch_id: entry.batch_id, actor_id: actor.userId, agency_id: actor.agencyId, at, reason: null,
});

/** The approved entry, claimed for this carry; null when it is no longer approved, 'busy' while another carry holds it */
export function claimEntry(ca: OwnCa, actor: Actor, entryId: string): Promise<EntryRow | null | 'busy'> {
  return inTransaction(ca.rc, async (w) => {
    const { entry } = await lockedEntry(ca.rc, w.trx, entryId);
    if (entry.state !== 'approved') return null;
    const previous = await latestClaim(w.trx, entry.id);
    if (previous?.state === 'carrying' && Date.parse(w.at) - Date.parse(previous.at) < CLAIM_STALE_MS) return 'busy';
    await insertEvents(w.trx, [claimEvent(entry, previous, 'carrying', actor, w.at)]);
    return entry;
  });
}

/** The carry ended (done, or refused with its reason on the entry): the next retry may take the entry up */
export function releaseEntry(ca: OwnCa, actor: Actor, entryId: string): Promise<void> {
  return inTransaction(ca.rc, async (w) => {
    const { entry } = await lockedEntry(ca.rc, w.trx, entryId);
    await insertEvents(w.trx, [claimEvent(entry, await latestClaim(w.trx, entry.id), 'released', actor, w.at)]);
  });
}
