import type { Migration, MigrationProvider } from 'kysely';
import * as accounts from './0001-accounts.ts';
import * as pki from './0002-pki.ts';
import * as pkiRevision from './0003-pki-revision.ts';
import * as registers from './0004-registers.ts';
import * as documents from './0005-documents.ts';
import * as documentWorkflow from './0006-document-workflow.ts';
import * as incomingHandling from './0007-incoming-handling.ts';
import * as documentOrder from './0008-document-order.ts';
import * as documentFiles from './0009-document-files.ts';
import * as caseFiles from './0010-case-files.ts';
import * as mailAndNotifications from './0011-mail-and-notifications.ts';
import * as searchSpeed from './0012-search-speed.ts';
import * as axis from './0013-axis.ts';
import * as axisOffice from './0014-axis-office.ts';
import * as documentReplacement from './0015-document-replacement.ts';
import * as adminRequests from './0016-admin-requests.ts';
import * as axisRelay from './0017-axis-relay.ts';
import * as securityAdvisories from './0018-security-advisories.ts';
import * as governmentCertificates from './0019-government-certificates.ts';
import * as officialMailboxes from './0020-official-mailboxes.ts';
import * as paperCopies from './0021-paper-copies.ts';
import * as hubRequestReplays from './0022-hub-request-replays.ts';
import * as requestEntryOrder from './0023-request-entry-order.ts';

/** Migrations are listed in code, not read from a folder, so they travel inside any bundle. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': accounts,
  '0002-pki': pki,
  '0003-pki-revision': pkiRevision,
  '0004-registers': registers,
  '0005-documents': documents,
  '0006-document-workflow': documentWorkflow,
  '0007-incoming-handling': incomingHandling,
  '0008-document-order': documentOrder,
  '0009-document-files': documentFiles,
  '0010-case-files': caseFiles,
  '0011-mail-and-notifications': mailAndNotifications,
  '0012-search-speed': searchSpeed,
  '0013-axis': axis,
  '0014-axis-office': axisOffice,
  '0015-document-replacement': documentReplacement,
  '0016-admin-requests': adminRequests,
  '0017-axis-relay': axisRelay,
  '0018-security-advisories': securityAdvisories,
  '0019-government-certificates': governmentCertificates,
  '0020-official-mailboxes': officialMailboxes,
  '0021-paper-copies': paperCopies,
  '0022-hub-request-replays': hubRequestReplays,
  '0023-request-entry-order': requestEntryOrder,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
