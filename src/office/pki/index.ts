/** The office's certificate authority and its registers of certificates and tokens. */
import type { AgencyScope } from '../agencies/index.ts';
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
