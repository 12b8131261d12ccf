/**
 * A province's existing mailboxes loaded at once (issue 7). Recording a province's first mailbox switches seed 000's
 * rule there onto the registry (mailbox-lookup.ts), so its mailboxes must arrive together: every row is checked
 * first (address, duplicate in the file, already recorded, agency unknown or not the caller's, state, holder), and
 * one bad row refuses the whole file naming every row's reason; otherwise all are recorded in one transaction, each
 * with its event and audit entry, and one audit entry for the import. @internal
 */
import type { Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import { findAgencyByCode, selectRootId } from '../agencies/agencies.repo.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError, type OfficeErrorCode } from '../office.errors.ts';
import { foldText } from '../../shared/fold.ts';
import { accountWithAddress, changeMailboxState, recordMailbox, type Change } from './mailbox-changes.ts';
import { holderName, officialAddress } from './mailbox-input.ts';
import { IMPORT_COLUMNS, readMailboxSheet, type ImportColumn, type SheetRow } from './mailbox-sheet.ts';
import { findMailboxByAddress, provinceUsesRegistry } from './mailboxes.repo.ts';
import { requireOverseer } from './mailboxes.service.ts';
import { STATE_NAMES, type HolderKind, type MailboxState } from './mailboxes.types.ts';

/** What an import did */
export interface MailboxImportSummary {
  readonly imported: number;
  readonly byState: Readonly<Record<MailboxState, number>>;
  /** How many agencies the mailboxes belong to */
  readonly agencies: number;
  /** The caller's province had no mailbox before: from now on its requests are judged by the registry */
  readonly registryStarted: boolean;
}

/** The reason of the history's first event, so a mailbox loaded from a file says so */
const IMPORT_REASON = 'Nhập từ tệp danh sách hộp thư';
/** At most this many rows' reasons in the refusal (the count says how many there are) */
const MAX_LISTED = 100;

const folded = (text: string) => foldText(text).replace(/\s+/g, ' ').trim();
const STATE_WORDS: ReadonlyMap<string, MailboxState> = new Map([
  ['', 'active'], ['dang dung', 'active'], ['active', 'active'], ['tam khoa', 'suspended'], ['suspended', 'suspended'], ['da thu hoi', 'revoked'], ['thu hoi', 'revoked'], ['revoked', 'revoked'],
]);
const KIND_WORDS: ReadonlyMap<string, HolderKind> = new Map([
  ['', 'person'], ['ca nhan', 'person'], ['person', 'person'], ['don vi', 'unit'], ['co quan', 'unit'], ['co quan, don vi', 'unit'], ['unit', 'unit'],
]);

interface CheckedRow {
  readonly address: string;
  readonly holder: string;
  readonly agencyId: string;
  readonly state: MailboxState;
  readonly kind: HolderKind;
}

/** A row's reasons are coded errors, so they read the same as when a mailbox is recorded by hand */
const refusal = (code: OfficeErrorCode, params: Record<string, string | number> = {}) => new OfficeError(code, params);
const asRefusal = (err: unknown): OfficeError => { if (err instanceof OfficeError) return err; throw err; };

export async function importMailboxes(ctx: OfficeContext, scope: AgencyScope, officialMailDomains: readonly string[], actor: Actor, bytes: Uint8Array): Promise<MailboxImportSummary> {
  requireOverseer(actor);
  const rows = await readMailboxSheet(bytes);
  return writeWithAudit(ctx, async (trx, audit) => {
    const visible = new Set(await scope.visibleIds(trx, actor));
    const agencies = new Map<string, Awaited<ReturnType<typeof findAgencyByCode>>>();
    const seen = new Map<string, number>();
    const problems: { line: number; reasons: OfficeError[] }[] = [];
    const clean: CheckedRow[] = [];

    async function check(row: SheetRow): Promise<{ value?: CheckedRow; reasons: OfficeError[] }> {
      const reasons: OfficeError[] = [];
      const empty = (['address', 'holder', 'agency'] as const satisfies readonly ImportColumn[]).filter((c) => row.cells[c] === '');
      for (const c of empty) reasons.push(refusal('OFFICE_MAILBOX_IMPORT_CELL_REQUIRED', { column: IMPORT_COLUMNS[c] }));
      let address: string | undefined;
      if (row.cells.address) {
        try {
          address = officialAddress(row.cells.address, officialMailDomains);
        } catch (err) { reasons.push(asRefusal(err)); }
      }
      if (address) {
        const earlier = seen.get(address);
        if (earlier !== undefined) reasons.push(refusal('OFFICE_MAILBOX_IMPORT_DUPLICATE', { address, line: earlier }));
        else {
          seen.set(address, row.line);
          const taken = await findMailboxByAddress(trx, address);
          if (taken) reasons.push(refusal('OFFICE_MAILBOX_ADDRESS_TAKEN', { address, state: STATE_NAMES[taken.state as MailboxState] ?? taken.state }));
        }
      }
      let holder: string | undefined;
      if (row.cells.holder) {
        try { holder = holderName(row.cells.holder); } catch (err) { reasons.push(asRefusal(err)); }
      }
      let agencyId: string | undefined;
      if (row.cells.agency) {
        const code = row.cells.agency.toUpperCase();
        if (!agencies.has(code)) agencies.set(code, await findAgencyByCode(trx, code));
        const agency = agencies.get(code);
        if (!agency) reasons.push(refusal('OFFICE_MAILBOX_IMPORT_AGENCY_UNKNOWN', { code: row.cells.agency.slice(0, 40) }));
        else if (!visible.has(agency.id)) reasons.push(refusal('OFFICE_MAILBOX_IMPORT_AGENCY_ELSEWHERE', { code: agency.code, name: agency.name }));
        else agencyId = agency.id;
      }
      const state = STATE_WORDS.get(folded(row.cells.state));
      if (!state) reasons.push(refusal('OFFICE_MAILBOX_IMPORT_STATE_INVALID', { state: row.cells.state.slice(0, 40) }));
      const kind = KIND_WORDS.get(folded(row.cells.kind));
      if (!kind) reasons.push(refusal('OFFICE_MAILBOX_IMPORT_KIND_INVALID', { kind: row.cells.kind.slice(0, 40) }));
      if (reasons.length > 0 || !address || !holder || !agencyId || !state || !kind) return { reasons };
      return { value: { address, holder, agencyId, state, kind }, reasons };
    }

    for (const row of rows) {
      const { value, reasons } = await check(row);
      if (value) clean.push(value);
      else problems.push({ line: row.line, reasons });
    }
    if (problems.length > 0) {
      // One row a line, the first under the message's own (the catalog keeps to one line for docs/errors.md)
      const listed = (lang: 'vi' | 'en') => ['',
        ...problems.slice(0, MAX_LISTED).map((p) => `${lang === 'vi' ? 'Dòng' : 'Row'} ${p.line}: ${p.reasons.map((r) => r.localise(lang)).join(' ')}`),
        ...(problems.length > MAX_LISTED ? [lang === 'vi' ? `… và ${problems.length - MAX_LISTED} dòng khác.` : `… and ${problems.length - MAX_LISTED} more rows.`] : []),
      ].join('\n');
      throw new OfficeError('OFFICE_MAILBOX_IMPORT_INVALID', { count: problems.length, rows: listed('vi'), rowsEn: listed('en') },
        { cause: problems.map((p) => ({ line: p.line, codes: p.reasons.map((r) => r.code) })) });
    }

    const ownRoot = await selectRootId(trx, actor.agencyId);
    const registryStarted = !(await provinceUsesRegistry(trx, ownRoot));
    const at = ctx.now().toISOString();
    const change: Change = { trx, audit, dialect: ctx.db.dialect, at, actorId: actor.userId, actorAgencyId: actor.agencyId };
    const roots = new Map<string, string>();
    const byState: Record<MailboxState, number> = { active: 0, suspended: 0, revoked: 0 };
    for (const row of clean) {
      if (!roots.has(row.agencyId)) roots.set(row.agencyId, await selectRootId(trx, row.agencyId));
      const user = row.kind === 'person' ? await accountWithAddress(trx, row.agencyId, row.address) : null;
      const recorded = await recordMailbox(change, {
        address: row.address, agencyId: row.agencyId, rootAgencyId: roots.get(row.agencyId)!, holderKind: row.kind, holderName: row.holder,
        holderUserId: user?.id ?? null, reason: IMPORT_REASON, entryId: null,
      });
      // A mailbox the file says is suspended or revoked is recorded, then put in that state: its history tells both
      if (row.state !== 'active') await changeMailboxState(change, recorded, row.state, IMPORT_REASON, null);
      byState[row.state]++;
    }
    const summary = { imported: clean.length, byState, agencies: roots.size, registryStarted };
    await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'mailbox.imported', targetType: 'official_mailbox', targetId: null, details: { ...summary } });
    return summary;
  });
}
