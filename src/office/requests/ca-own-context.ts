/**
 * What the parts of the own-CA desk share (ca-own.ts): the office, the PKI service, the CA's settings, the request
 * service whose entries it closes, and who acts on the CA for an actor. @internal
 */
import { hasRole, type Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { consoleOperator, userOperator, type Operator, type PkiService } from '../pki/index.ts';
import type { ActionContext, ActionResult, CaSettings } from './ca-actions.ts';
import type { RequestService } from './index.ts';
import type { RequestEntry } from './requests.types.ts';
import type { RequestContext } from './work.ts';

export interface OwnCaOptions extends Partial<CaSettings> {
  readonly ctx: OfficeContext;
  readonly scope: AgencyScope;
  readonly pki: PkiService;
  /** The request service whose entries this desk marks done; late-bound, as that service is created with this desk's sink */
  readonly requests: () => RequestService;
  /** Acts on the CA for an approving DIC operator who is not a CA operator; by default the server's own identity */
  readonly caOperator?: Operator;
  /** Receives what each carried entry brought (once, with the one-time passwords), e.g. for the DIC's screen */
  readonly onCarried?: (results: readonly CarryResult[]) => void | Promise<void>;
}

export type CarryResult =
  | ({ readonly entryId: string; readonly ok: true; readonly entry: RequestEntry } & ActionResult)
  | { readonly entryId: string; readonly ok: false; readonly code: string; readonly reason: string };

/** The options settled: the CA's settings filled in, and the request context the desk writes timelines through */
export interface OwnCa extends Omit<OwnCaOptions, keyof CaSettings> {
  readonly settings: CaSettings;
  readonly rc: RequestContext;
}

const DEFAULTS: CaSettings = { province: 'Lai Châu', keyAlgorithm: 'RSA-2048', years: { new: 3, renewal: 3 } };

/** Who may carry approved entries onto the CA (and retry them): the DIC's and the CA's operators */
export const CARRY_ROLES = ['dic_operator', 'ca_operator'] as const;
export const mayCarry = (actor: Actor): boolean => CARRY_ROLES.some((role) => hasRole(actor, role));

export function ownCaOf(options: OwnCaOptions): OwnCa {
  const settings: CaSettings = { province: options.province ?? DEFAULTS.province, keyAlgorithm: options.keyAlgorithm ?? DEFAULTS.keyAlgorithm, years: options.years ?? DEFAULTS.years };
  return { ...options, settings, rc: { ctx: options.ctx, scope: options.scope, options: { officialMailDomains: [] } } };
}

/** A CA operator acts as themself; a DIC operator's approval is carried by the configured operator or the server */
export const operatorFor = (ca: OwnCa, actor: Actor): Operator =>
  hasRole(actor, 'ca_operator') ? userOperator(actor) : ca.caOperator ?? consoleOperator('congvan-requests');

export const actionContext = (ca: OwnCa, actor: Actor): ActionContext => ({ ctx: ca.ctx, pki: ca.pki, settings: ca.settings, actor, operator: operatorFor(ca, actor) });
