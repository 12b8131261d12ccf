/**
 * When the CA is congvan's own (issue 7): the entries the DIC approves are carried out for real through the PKI
 * service, each then marked done with what it brought. An entry the CA refuses (an unknown serial, a certificate of
 * someone else, a token that cannot be recovered) stays approved with the reason on its timeline, so
 * `carryPending` takes it up again from `pendingApproved`. A lost-token report acts at once, before its list
 * travels up (`reportLostToken`). The subscriber's key is made here and kept as a PKCS#12 under a one-time
 * password, shown once in the result, for the DIC to install on the token at the hand-over (`handOver`).
 *
 * The parts: what each form does on the CA (ca-actions.ts), carrying approved entries (ca-own-carry.ts), each one
 * claimed first so the CA never acts twice on it (ca-own-claim.ts), the token register's lost-token report and
 * hand-over (ca-own-tokens.ts), over what they share (ca-own-context.ts).
 */
import type { Actor } from '../actor.ts';
import type { RequestEntry } from './requests.types.ts';
import { approvalSink, carryEntries, carryPending } from './ca-own-carry.ts';
import { ownCaOf, type OwnCaOptions } from './ca-own-context.ts';
import { handOver, reportLostToken, type HandOver } from './ca-own-tokens.ts';

export function createOwnCaDesk(options: OwnCaOptions) {
  const ca = ownCaOf(options);
  return {
    sink: approvalSink(ca),
    carry: (actor: Actor, entries: readonly Pick<RequestEntry, 'id'>[]) => carryEntries(ca, actor, entries),
    carryPending: (actor: Actor) => carryPending(ca, actor),
    reportLostToken: (actor: Actor, entryId: string) => reportLostToken(ca, actor, entryId),
    handOver: (actor: Actor, input: HandOver) => handOver(ca, actor, input),
  };
}

export type OwnCaDesk = ReturnType<typeof createOwnCaDesk>;
