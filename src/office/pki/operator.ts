/** Who acts on the CA: a signed-in CA operator, or the operator at the server's console (`congvan ca …`). */
import { requireRole, type Actor } from '../actor.ts';

export type Operator = { readonly kind: 'user'; readonly actor: Actor } | { readonly kind: 'console'; readonly name: string };

export const consoleOperator = (name = process.env.USER ?? 'console'): Operator => ({ kind: 'console', name });
export const userOperator = (actor: Actor): Operator => ({ kind: 'user', actor });

/** The console is trusted (it holds the data folder); a user must have the CA operator role. */
export function requireCaOperator(operator: Operator): void {
  if (operator.kind === 'user') requireRole(operator.actor, 'ca_operator');
}

export const auditIdentity = (operator: Operator) => operator.kind === 'user'
  ? { actorId: operator.actor.userId, agencyId: operator.actor.agencyId, via: 'web' }
  : { actorId: null, agencyId: null, via: `console:${operator.name}` };
