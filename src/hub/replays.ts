/**
 * A signed request is good once. Its signature proves who made it and when (±5 minutes), not that it is new: a
 * request captured on the wire and sent again inside the window would pass every other check — an old "fail"
 * acknowledgement undoing a later "done", a mailbox listing read again by someone else. The hub keeps the identity of
 * each request it takes until the request's time has left the window, in its database (a restart, or another hub
 * process on the same database, knows it too), and refuses the same one again.
 *
 * The identity is what was signed — the signer's certificate, method, path, signing time, body digest — not the
 * signature's bytes: an ECDSA signature (r, s) is as valid as (r, n − s) and base64 has more than one spelling, so a
 * replayer could change those and pass. The office writes its signing time down to random sub-millisecond digits
 * (request-signature.ts), so two genuine requests are never the same.
 */
import { createHash } from 'node:crypto';
import { MAX_SKEW_MS } from '../office/axis/request-signature.ts';
import type { Db } from '../store/index.ts';

export interface SignedRequest { readonly certificatePem: string; readonly method: string; readonly path: string; readonly date: string; readonly digest: string }

export const requestIdentity = (r: SignedRequest): string =>
  createHash('sha256').update([r.certificatePem, r.method.toUpperCase(), r.path, r.date, r.digest].join('\n'), 'utf8').digest('hex');

export interface ReplayGuard {
  /** Remembers the request; false when it was already taken (a replay) */
  firstUse(request: SignedRequest, agency: string): Promise<boolean>;
}

/** Hub processes' clocks differ a little: one keeps a row that long past its time, for another still behind it */
const CLOCK_MARGIN_MS = 60_000;
/** Expired rows go at most this often (per process), not on every request */
const PRUNE_EVERY_MS = 30_000;

/**
 * The table holds only requests signed by registered agencies whose time is still inside the window (plus the
 * margin and one pruning interval): its size follows the accepted request rate over about eleven minutes and does
 * not grow beyond it. A request past its window is refused for its time before it gets here.
 */
export function replayGuard(db: Db, now: () => Date = () => new Date()): ReplayGuard {
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    async firstUse(request, agency) {
      const at = now().getTime();
      if (at - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = at;
        await db.kysely.deleteFrom('hub_request_replays').where('expires_at', '<', new Date(at - CLOCK_MARGIN_MS).toISOString()).execute();
      }
      const expires = new Date(Date.parse(request.date) + MAX_SKEW_MS).toISOString();
      // One statement: of two hub processes taking the same request at once, the database lets one insert it
      const inserted = await db.kysely.insertInto('hub_request_replays').values({ identity: requestIdentity(request), agency_code: agency, expires_at: expires })
        .onConflict((oc) => oc.column('identity').doNothing()).executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
  };
}
