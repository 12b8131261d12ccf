/** The office's certificate authority and its registers of certificates and tokens. */
import { hasRole, type Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import { OfficeError } from '../office.errors.ts';
import type { OfficeContext } from '../context.ts';
import { authorityCertificate, initAuthorities, Keyring, listAuthorities, unlockAuthorities, type CaInit } from './authorities.ts';
import { findCertificate, issue, listCertificates, release, revoke, type CertificateFilter, type IssueInput } from './certificates.ts';
import { requireCaOperator, type Operator } from './operator.ts';
import { DEFAULT_RESPONDER_POLICY, Responders, type ResponderPolicy } from './responders.ts';
import { createTokenRegister } from './tokens.ts';

export function createPkiService(ctx: OfficeContext, scope: AgencyScope, policy: ResponderPolicy = DEFAULT_RESPONDER_POLICY) {
  const keyring = new Keyring();
  const db = () => ctx.db.kysely;
  const responders = new Responders(ctx, keyring, policy);
  return {
    init: (operator: Operator, spec: CaInit) => initAuthorities(ctx, operator, spec, keyring),
    unlock: (passphrase: string) => unlockAuthorities(db(), passphrase, keyring),
    get isUnlocked() { return keyring.isUnlocked; },
    hasAuthorities: async () => (await db().selectFrom('pki_authorities').select('id').limit(1).executeTakeFirst()) !== undefined,
    authorities(operator: Operator) {
      requireCaOperator(operator);
      return listAuthorities(db());
    },
    authorityCertificate: (id: string) => authorityCertificate(db(), id),
    issue: (operator: Operator, input: IssueInput) => issue(ctx, keyring, operator, input).finally(() => responders.invalidate()),
    revoke: (operator: Operator, serial: string, reason: string) => revoke(ctx, operator, serial, reason).finally(() => responders.invalidate()),
    release: (operator: Operator, serial: string) => release(ctx, operator, serial).finally(() => responders.invalidate()),
    find(operator: Operator, serial: string) {
      requireCaOperator(operator);
      return findCertificate(db(), serial);
    },
    list(operator: Operator, filter: CertificateFilter = {}) {
      requireCaOperator(operator);
      return listCertificates(db(), filter);
    },
    /**
     * The certificate register as an agency sees it (issue 7): a CA operator every certificate, the DIC its province's,
     * an IT officer (admin) those of the agencies they administer; anyone else is refused.
     */
    async registry(actor: Actor, filter: Omit<CertificateFilter, 'agencyIds' | 'caId'> = {}) {
      if (hasRole(actor, 'ca_operator')) return listCertificates(db(), filter);
      if (!hasRole(actor, 'dic_operator') && !hasRole(actor, 'admin')) throw new OfficeError('OFFICE_FORBIDDEN');
      return listCertificates(db(), { ...filter, agencyIds: await scope.visibleIds(db(), actor) });
    },
    responders,
    tokens: createTokenRegister(ctx, scope),
  };
}

export type PkiService = ReturnType<typeof createPkiService>;
export { consoleOperator, userOperator, type Operator } from './operator.ts';
export { TOKEN_STATES, TOKEN_TRANSITIONS, type TokenRecord, type TokenEvent, type TokenState } from './tokens.ts';
export type { CertificateRecord, IssueInput } from './certificates.ts';
export type { AuthorityInfo, CaInit } from './authorities.ts';
export { MIN_CA_PASSPHRASE } from './authorities.ts';
