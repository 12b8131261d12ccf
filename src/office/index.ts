/** The domain: agencies, people, sign-in and the audit trail. It knows no HTTP. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDiskBlobStore, type BlobStore, type Db } from '../store/index.ts';
import { createAgencyScope, createAgencyService } from './agencies/index.ts';
import { listAudit, verifyAuditChain } from './audit/audit-log.ts';
import { createAuthService, DEFAULT_AUTH_POLICY, type AuthPolicy } from './auth/index.ts';
import type { OfficeContext } from './context.ts';
import { seedDemoProvince } from './demo/seed-demo.ts';
import { seedDemoSigning } from './demo/demo-signing.ts';
import { createSetupService } from './setup/setup.service.ts';
import { createUserService } from './users/index.ts';
import { createPkiService } from './pki/index.ts';
import { createRegisterService } from './documents/registers.ts';
import { createDocumentService } from './documents/documents.ts';
import { createWorkflowService } from './documents/workflow.ts';
import { createIncomingService } from './documents/incoming.ts';
import { createFileService } from './documents/files.ts';
import { createIssuingService } from './documents/issuing.ts';
import { createArrivalIntake } from './documents/arrivals.ts';
import { createHub, createHubDirectory } from './axis/hub.ts';
import { createRelay } from './axis/relay.ts';
import { createAxisLink, type AxisTransport } from './axis/link.ts';
import { createSigningKeys } from './signing/signing-keys.ts';
import { createTrust } from './signing/trust.ts';
import { createRecordServices } from './documents/records.ts';
import { createMailSender, type MailSenderOptions } from './mail/sender.ts';
import { countOutbox, readMail } from './mail/outbox.ts';
import { createNotificationService } from './notifications/notifications.ts';
import { isReminderTime, runDailyReminders } from './documents/reminders.ts';
import { requireRole, type Actor } from './actor.ts';
import { createAdvisoryService } from './advisories/advisories.ts';
import { interconnectionSurvey, interconnectionSurveyXlsx } from './reports/interconnection-survey.ts';
import { monthlyStatistics } from './reports/monthly-statistics.ts';
import { monthlyStatisticsFile } from './reports/monthly-statistics-export.ts';
import { createCaDesk, createGovernmentCaDesk, createOwnCaDesk, createRequestService, runRenewalReminders, type RequestCa, type RequestOptions } from './requests/index.ts';
import { createMailboxRegistry, registryMailboxLookup } from './mailboxes/index.ts';
import { createAccountRegistry } from './users/account-registry.ts';
import { applyAccountEntry } from './users/account-requests.ts';
import { draftRevokeList, type RevokeListInput } from './users/unused-accounts-list.ts';

export interface OfficeOptions {
  readonly db: Db;
  /** Where files go; without one (tools that keep no files), a fresh folder under the system's temp */
  readonly blobs?: BlobStore;
  readonly now?: () => Date;
  readonly authPolicy?: AuthPolicy;
  /** More roots to trust, in a PEM file (CONGVAN_TRUSTED_ROOTS) */
  readonly trustedRootsFile?: string;
  /** The province's official mail domains (CONGVAN_OFFICIAL_MAIL_DOMAINS) the request forms accept; none: any *.gov.vn */
  readonly officialMailDomains?: readonly string[];
  /** Who carries approved certificate requests (CONGVAN_REQUEST_CA): congvan's own CA (default) or the Government CA, to which the DIC exports them */
  readonly requestCa?: RequestCa;
}

export function createOffice(options: OfficeOptions) {
  const blobs = options.blobs ?? openDiskBlobStore(mkdtempSync(join(tmpdir(), 'congvan-blobs-')));
  const ctx: OfficeContext = { db: options.db, blobs, now: options.now ?? (() => new Date()) };
  const scope = createAgencyScope();
  const pki = createPkiService(ctx, scope);
  const outgoing = createWorkflowService(ctx);
  const signingKeys = createSigningKeys(ctx, pki);
  const trust = createTrust(ctx, pki, options.trustedRootsFile);
  const documents = createDocumentService(ctx);
  const files = createFileService(ctx);
  const incoming = createIncomingService(ctx);
  const issuing = createIssuingService(ctx, { keys: signingKeys, trust, pki, outgoing });
  // The own CA's desk is not the request service's onApproved sink: the approval carries through caDesk.approve (see ca-desk.ts)
  const requestCa = options.requestCa ?? 'own';
  const officialMailDomains = options.officialMailDomains ?? [];
  const mailboxes = createMailboxRegistry(ctx, scope, { officialMailDomains });
  // Seed 000's mailbox rule reads the registry; a mailbox or revoke-account list's entry marked done changes the registries in the same transaction
  const requestOptions: RequestOptions = {
    officialMailDomains, hasOfficialMailbox: registryMailboxLookup(ctx),
    onDone: async (w, entry, actor) => { await mailboxes.applyDoneEntry(w, entry, actor); await applyAccountEntry(w, scope, entry, actor); },
  };
  const requests = createRequestService(ctx, scope, requestOptions, { keys: signingKeys, trust });
  const ownCa = requestCa === 'own' ? createOwnCaDesk({ ctx, scope, pki, requests: () => requests }) : null;
  return {
    agencies: createAgencyService(ctx, scope),
    users: {
      ...createUserService(ctx, scope),
      /** The unused-account finder's selection as a draft Mẫu số 07 (revoke accounts) of the administrator's unit */
      draftRevokeList: (actor: Actor, input: RevokeListInput) => draftRevokeList({ ctx, scope, options: requestOptions }, actor, input),
    },
    /** Registries (issue 7): official mailboxes per agency and person with state and history, and the document-system accounts with theirs */
    mailboxes,
    accounts: createAccountRegistry(ctx, scope),
    /** Security advisories the DIC publishes to its province, shown to everyone until acknowledged */
    advisories: createAdvisoryService(ctx, scope),
    /** Reports from live data: seed 004's annex II survey */
    reports: {
      interconnectionSurvey: (actor: Actor, input?: { from?: unknown; to?: unknown }) => interconnectionSurvey(ctx, scope, actor, input),
      interconnectionSurveyXlsx,
      /** Monthly statistics with their XLSX and PDF (a leader's agency, the DIC's province, an administrator's subtree) */
      monthlyStatistics: (actor: Actor, input?: { from?: unknown; to?: unknown }) => monthlyStatistics(ctx, scope, actor, input),
      monthlyStatisticsFile,
    },
    auth: createAuthService(ctx, options.authPolicy ?? DEFAULT_AUTH_POLICY),
    setup: createSetupService(ctx),
    pki,
    registers: createRegisterService(ctx),
    documents,
    outgoing,
    files,
    issuing,
    arrivals: createArrivalIntake(ctx, { keys: signingKeys, trust, report: issuing.validationReport }),
    signing: { keys: signingKeys, trust },
    /** The interconnection axis: this installation as a hub, or its agencies linked to one */
    axis: {
      hub: (deps: Parameters<typeof createHub>[1]) => createHub(ctx, deps),
      directory: createHubDirectory(ctx),
      relay: (deps: Parameters<typeof createRelay>[1]) => createRelay(ctx, deps),
      link: (transport: AxisTransport, agencies?: readonly string[]) => createAxisLink(ctx, { keys: signingKeys, trust, transport, report: issuing.validationReport, agencies }),
    },
    incoming,
    records: createRecordServices(ctx),
    /** Administration requests (issue 7): the seeds' forms filed as lists by a unit, merged by the district, approved by the DIC */
    requests,
    /** The requests' companion for the CA: the approval carried at once with congvan's own CA, the retry, the lost-token report, the PKCS#12 */
    caDesk: createCaDesk(ctx, requestCa, ownCa, () => requests),
    /** With the Government CA: the certificates it returns taken in, each matched to its request, and their registry */
    governmentCa: createGovernmentCaDesk(ctx, scope, trust, () => requests, requestCa),
    notifications: createNotificationService(ctx),
    /** The daily job: deadline reminders of incoming documents, then certificate renewal reminders (60, 30, 7 days) */
    reminders: {
      runDaily: async () => ({ ...(await runDailyReminders(ctx)), renewals: (await runRenewalReminders(ctx)).length }),
      isTime: () => isReminderTime(ctx.now()),
    },
    mail: {
      createSender: (senderOptions: MailSenderOptions) => createMailSender(ctx, senderOptions),
      read: (actor: Actor, id: string) => { requireRole(actor, 'admin'); return readMail(ctx, id); },
      counts: (actor: Actor) => { requireRole(actor, 'admin'); return countOutbox(ctx); },
    },
    audit: {
      verify: () => verifyAuditChain(ctx.db.kysely),
      async list(actor: Actor, limit = 100, beforeSeq?: number) {
        requireRole(actor, 'admin');
        return listAudit(ctx.db.kysely, await scope.visibleIds(ctx.db.kysely, actor), limit, beforeSeq);
      },
    },
    /** One document with what its page shows: trail, file versions, and by direction its recipients and their
     * deliveries and axis statuses, or its signature report and what its sender asked */
    async documentDetail(actor: Actor, id: string) {
      const doc = await documents.get(actor, id);
      const out = doc.direction === 'out';
      return {
        ...doc,
        trail: await (out ? outgoing : incoming).trail(actor, id),
        files: await files.versions(actor, id),
        recipients: out ? await issuing.recipients(actor, id) : [],
        deliveries: out ? await issuing.deliveries(actor, id) : [],
        axis: out ? await issuing.axisTracking(actor, id) : [],
        senderRequests: out ? [] : await issuing.senderRequests(actor, id),
        arrivalReport: out ? null : await issuing.arrivalReport(actor, id),
      };
    },
    /** Installation-wide values (the hub's identity and trusted roots, …) */
    settings: {
      get: async (key: string) => (await ctx.db.kysely.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value,
      put: async (key: string, value: string) => {
        await ctx.db.kysely.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
      },
    },
    seedDemo: (password: string) => seedDemoProvince(ctx, password),
    seedDemoSigning: (passphrase: string, baseUrl: string) => seedDemoSigning(ctx, pki, signingKeys, passphrase, baseUrl),
  };
}

export type Office = ReturnType<typeof createOffice>;
export { ROLES, isRole, requireRole, type Actor, type Role } from './actor.ts';
export { AGENCY_LEVELS, isAgencyCode, type Agency, type AgencyLevel, type NewAgency } from './agencies/index.ts';
export type { User, NewUser, UserChanges } from './users/index.ts';
export type { Account, AccountEvent, AccountEventKind, AccountState } from './users/account-registry.ts';
export { MAILBOX_STATES, HOLDER_KINDS, MAX_MAILBOX_IMPORT_BYTES, type HolderKind, type Mailbox, type MailboxEvent, type MailboxImportSummary, type MailboxState, type NewMailbox } from './mailboxes/index.ts';
export type { AuthenticatedSession, AuthPolicy } from './auth/index.ts';
export type { AuditVerdict, AuditRecord } from './audit/audit-log.ts';
export type { MonthFigures, MonthlyStatistics } from './reports/monthly-statistics.ts';
export type { FirstAdministrator } from './setup/setup.service.ts';
export { DEMO_AGENCIES, DEMO_USERS } from './demo/demo-province.ts';
export { OfficeError, OFFICE_MESSAGES, type OfficeErrorCode } from './office.errors.ts';
export { ACCESS_LEVELS, EXPORT_FORMATS, RELIABILITY_LEVELS, RETENTION_PERMANENT, type CaseFile, type CaseFileChanges, type ExportedFile, type NewCaseFile, type RegisterExportQuery, type SavedQuery, type SavedSearch } from './documents/records.ts';
export { consoleOperator, userOperator, TOKEN_STATES, MIN_CA_PASSPHRASE, type Operator, type CertificateRecord, type TokenRecord, type AuthorityInfo } from './pki/index.ts';
export { generatePassword, MIN_PASSWORD_LENGTH } from './users/index.ts';
export type { MailSender, MailSenderOptions, SmtpOptions } from './mail/sender.ts';
export type { Notification } from './notifications/notifications.ts';
export { ocrScan, findOcrmypdf, type OcrResult } from './documents/ocr.ts';
export { FORMS, FORM_PROBLEM_MESSAGES, isFreeMailDomain, localiseProblem, type Column, type FieldDef, type FormDef, type FormProblem } from './forms/index.ts';
export { formProblemsOf, type Approval, type BatchView, type CarryReport, type GovernmentCertificate, type ImportReport, type RequestCa, type MergeInput, type RequestBatch, type RequestEntry, type RequestService, type Seen, type TimelineEvent, type BatchLetterInfo, type FiledEntry } from './requests/index.ts';
export { httpTransport } from './axis/http-transport.ts';
export { startAxisPoller, type AxisPoller } from './axis/poller.ts';
