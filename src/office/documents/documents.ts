/**
 * Documents of an agency: drafts of outgoing ones, incoming ones registered by the clerk, and the search over
 * all of them that ignores diacritics (`quyet dinh` finds `Quyết định`, `QĐ-UBND` finds the notation) and gives
 * the same results on SQLite and PostgreSQL: both index the same folded words (src/shared/fold.ts).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database, Dialect } from '../../store/index.ts';
import { searchTokens } from '../../shared/fold.ts';
import { agencyDocument, mayRead, seesAllSecrets } from './access.ts';
import { hasRole, requireRole, type Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { documentType } from './catalogue.ts';
import { isIsoDate } from '../../shared/vietnam-time.ts';
import { SECRET_SERIES, takeNumberIn } from './registers.ts';

export const URGENCIES = ['thuong', 'khan', 'thuong-khan', 'hoa-toc'] as const;
export const SECRECIES = ['thuong', 'mat', 'toi-mat', 'tuyet-mat'] as const;
export type Urgency = (typeof URGENCIES)[number];
export type Secrecy = (typeof SECRECIES)[number];

export interface DocumentRecord {
  readonly id: string;
  readonly direction: 'out' | 'in';
  readonly typeCode: string;
  readonly subject: string;
  readonly urgency: Urgency;
  readonly secrecy: Secrecy;
  readonly status: string;
  readonly number: number | null;
  readonly notation: string | null;
  readonly documentDate: string | null;
  readonly sender: string | null;
  readonly signerName: string | null;
  readonly fileName: string | null;
  readonly dueDate: string | null;
  readonly createdAt: string;
  /** Issued: whether a paper copy went too; null when not recorded */
  readonly paperCopy: boolean | null;
}

export interface NewDraft {
  readonly typeCode: string;
  readonly subject: string;
  readonly urgency?: Urgency;
  readonly secrecy?: Secrecy;
  readonly bodyText?: string;
  /** Revokes (1), updates (2) or replaces (3) an earlier document of the agency, issued to other agencies over the axis */
  readonly replaces?: { readonly documentId: string; readonly businessType: 1 | 2 | 3 };
}

export interface IncomingArrival {
  readonly typeCode: string;
  readonly subject: string;
  /** As printed on the document: 296/UBND-VHTT */
  readonly notation: string;
  readonly sender: string;
  /** YYYY-MM-DD, the date on the document */
  readonly documentDate: string;
  readonly urgency?: Urgency;
  readonly secrecy?: Secrecy;
  readonly bodyText?: string;
}

export interface SearchQuery {
  readonly q?: string;
  readonly typeCode?: string;
  readonly direction?: 'out' | 'in';
  readonly status?: string;
  /** Documents this person handles (lead or co-handler) */
  readonly handlerId?: string;
  /** Document dates, inclusive, YYYY-MM-DD */
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly offset?: number;
}

const MAX_SUBJECT = 2000;
/** Beyond this many matches the count says "1000+" */
const MAX_COUNT = 1000;

export const record = (row: Database['documents']): DocumentRecord => ({
  id: row.id, direction: row.direction as 'out' | 'in', typeCode: row.type_code, subject: row.subject, urgency: row.urgency as Urgency,
  secrecy: row.secrecy as Secrecy, status: row.status, number: row.number, notation: row.notation, documentDate: row.document_date,
  sender: row.sender, signerName: row.signer_name, fileName: row.file_name, dueDate: row.due_date, createdAt: row.created_at,
  paperCopy: row.paper_copy === null || row.paper_copy === undefined ? null : row.paper_copy === 1,
});

function checkCommon(input: { typeCode: string; subject: string; urgency?: string; secrecy?: string }): void {
  if (!documentType(input.typeCode)) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'typeCode', reason: `không có loại văn bản "${input.typeCode}"` });
  const subject = input.subject?.trim() ?? '';
  if (!subject || subject.length > MAX_SUBJECT) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'subject', reason: `trích yếu cần từ 1 đến ${MAX_SUBJECT} ký tự` });
  if (input.urgency && !(URGENCIES as readonly string[]).includes(input.urgency)) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'urgency', reason: `độ khẩn "${input.urgency}"` });
  if (input.secrecy && !(SECRECIES as readonly string[]).includes(input.secrecy)) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'secrecy', reason: `độ mật "${input.secrecy}"` });
}

/** Writes the document's folded words into the engine's index, in the caller's transaction */
export async function indexDocument(trx: Transaction<Database>, dialect: Dialect, id: string): Promise<void> {
  const row = await trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const words = searchTokens([row.subject, row.notation, row.sender, row.signer_name, documentType(row.type_code)?.name, row.body_text].filter(Boolean).join(' ')).join(' ');
  if (dialect === 'sqlite') {
    // The index row's rowid is the document's sequence: FTS5 then yields matches newest first without sorting
    await sql`delete from documents_search where rowid = ${row.seq}`.execute(trx);
    await sql`insert into documents_search (rowid, document_id, words) values (${row.seq}, ${id}, ${words})`.execute(trx);
  } else {
    await sql`update documents set search_vector = to_tsvector('simple', ${words}) where id = ${id}`.execute(trx);
  }
}

/** The columns a new document starts without: handling, files, arrival details, sequence */
export const UNSET_COLUMNS = {
  due_date: null, lead_handler_id: null, seq: null, file_blob: null, file_name: null, source_document_id: null, arrival_report: null, arrival_note: null,
  axis_message_id: null, axis_document_id: null, business_type: null, replaces_document_id: null, paper_copy: null,
} as const;

/** Inserts a document with the next registration sequence and indexes it, in the caller's transaction */
export async function insertDocument(trx: Transaction<Database>, dialect: Dialect, row: Database['documents']): Promise<void> {
  // Writes are serialised by the audit log's head row (taken here first, before the audit entry does): the
  // next sequence is then simply the largest plus one
  if (dialect === 'postgres') await sql`select seq from audit_head where id = 1 for update`.execute(trx);
  const last = await trx.selectFrom('documents').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  await trx.insertInto('documents').values({ ...row, seq: Number(last?.seq ?? 0) + 1 }).execute();
  await indexDocument(trx, dialect, row.id);
}

const tsquery = (tokens: readonly string[], prefix: boolean) => sql`to_tsquery('simple', ${tokens.map((t, i) => `${t}${prefix && i === tokens.length - 1 ? ':*' : ''}`).join(' & ')})`;

/** What PostgreSQL's statistics say of the indexed words: the documents, and how often each common word occurs */
export interface WordStatistics { readonly documents: number; readonly frequency: ReadonlyMap<string, number> }

/** Per-row work of checking a document's words against the query, in units of one GIN posting read */
const RECHECK_COST = 40;

/**
 * Whether the last word, a prefix, is better checked on the rows the other words find than looked up in the GIN
 * index. GIN answers a prefix by gathering every document of every word it begins (`v:*`: nearly all of them)
 * before intersecting, while the whole words are intersected lazily; so when the prefix is common and the other
 * words select few rows, those rows are checked against the full query instead. Either way the same documents
 * match; only the work differs. Without statistics (a table never analysed) the index does it all.
 */
export function prefixAsFilter(tokens: readonly string[], stats: WordStatistics | null): boolean {
  if (tokens.length < 2 || !stats || !stats.frequency.size) return false;
  const last = tokens[tokens.length - 1]!;
  let prefix = 0;
  let rarest = 1;
  for (const [word, frequency] of stats.frequency) {
    if (word.startsWith(last)) prefix += frequency;
    rarest = Math.min(rarest, frequency);
  }
  prefix = Math.min(1, prefix);
  if (prefix === 0) return false;
  // A word missing from the statistics is rarer than every word in them
  const others = tokens.slice(0, -1).reduce((p, word) => p * (stats.frequency.get(word) ?? rarest), 1);
  // The rows to check: all those the other words find, or fewer when the bounded count fills up first
  const checked = Math.min(stats.documents * others, (MAX_COUNT + 1) / prefix);
  return stats.documents * prefix > RECHECK_COST * checked;
}

/** The words of a PostgreSQL search as a condition on `d.search_vector` */
export function postgresMatch(tokens: readonly string[], stats: WordStatistics | null) {
  if (!prefixAsFilter(tokens, stats)) return sql<boolean>`d.search_vector @@ ${tsquery(tokens, true)}`;
  // ts_match_vq is what @@ calls, but as a function PostgreSQL does not take it to the index
  return sql<boolean>`d.search_vector @@ ${tsquery(tokens.slice(0, -1), false)} and ts_match_vq(d.search_vector, ${tsquery(tokens, true)})`;
}

/** Statistics change only when the table is analysed: read at most once a minute */
const STATISTICS_TTL_MS = 60_000;

/** PostgreSQL's statistics of the documents' words; null before the table was first analysed */
export async function readWordStatistics(db: OfficeContext['db']): Promise<WordStatistics | null> {
  const result = await sql<{ documents: number | string | null; word: string | null; frequency: number | string | null }>`
    select c.reltuples::float8 as documents, e.word, e.frequency
    from pg_class c
    left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'documents' and s.attname = 'search_vector'
    left join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs::float8[]) as e(word, frequency) on true
    where c.oid = to_regclass('documents')`.execute(db.kysely);
  const documents = Number(result.rows[0]?.documents ?? 0);
  if (!(documents > 0)) return null;
  const frequency = new Map<string, number>();
  for (const row of result.rows) if (row.word !== null && row.frequency !== null) frequency.set(row.word, Number(row.frequency));
  return { documents, frequency };
}

export function createDocumentService(ctx: OfficeContext) {
  let statistics: { readonly at: number; readonly stats: Promise<WordStatistics | null> } | undefined;
  const wordStatistics = (): Promise<WordStatistics | null> => {
    if (!statistics || Date.now() - statistics.at > STATISTICS_TTL_MS) {
      statistics = { at: Date.now(), stats: readWordStatistics(ctx.db).catch(() => null) };
    }
    return statistics.stats;
  };
  const insert = (trx: Transaction<Database>, row: Database['documents']) => insertDocument(trx, ctx.db.dialect, row);

  return {
    /** A specialist (or a leader) starts an outgoing document */
    async createDraft(actor: Actor, input: NewDraft): Promise<DocumentRecord> {
      if (!hasRole(actor, 'specialist') && !hasRole(actor, 'leader')) throw new OfficeError('OFFICE_FORBIDDEN');
      checkCommon(input);
      const now = ctx.now().toISOString();
      const row: Database['documents'] = {
        id: randomUUID(), agency_id: actor.agencyId, direction: 'out', type_code: input.typeCode, subject: input.subject.trim(),
        urgency: input.urgency ?? 'thuong', secrecy: input.secrecy ?? 'thuong', status: 'draft', number: null, notation: null,
        document_date: null, sender: null, signer_name: null, body_text: input.bodyText ?? null, created_by: actor.userId, created_at: now, updated_at: now,
        ...UNSET_COLUMNS,
        business_type: input.replaces?.businessType ?? null, replaces_document_id: input.replaces?.documentId ?? null,
      };
      if (input.replaces) {
        if (![1, 2, 3].includes(input.replaces.businessType)) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'replaces', reason: 'loại nghiệp vụ 1 thu hồi, 2 cập nhật, 3 thay thế' });
        const earlier = await ctx.db.kysely.selectFrom('documents').select(['agency_id', 'direction', 'status', 'axis_document_id']).where('id', '=', input.replaces.documentId).executeTakeFirst();
        if (!earlier || earlier.agency_id !== actor.agencyId || earlier.direction !== 'out' || earlier.status !== 'issued' || !earlier.axis_document_id) {
          throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'replaces', reason: 'chỉ văn bản đã phát hành của cơ quan, đã gửi qua trục liên thông' });
        }
      }
      return writeWithAudit(ctx, async (trx, audit) => {
        await insert(trx, row);
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'document.draft.create', targetType: 'document', targetId: row.id, details: { typeCode: row.type_code, subject: row.subject, ...(input.replaces ? { replaces: input.replaces } : {}) } });
        return record(row);
      });
    },

    /** The clerk registers an arrival: it gets the next incoming number of the year */
    async registerIncoming(actor: Actor, input: IncomingArrival): Promise<DocumentRecord> {
      requireRole(actor, 'clerk');
      checkCommon(input);
      if (!input.notation?.trim() || !input.sender?.trim()) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: !input.notation?.trim() ? 'notation' : 'sender', reason: 'bắt buộc' });
      if (!isIsoDate(input.documentDate)) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'documentDate', reason: `ngày "${input.documentDate}" (cần YYYY-MM-DD)` });
      const now = ctx.now().toISOString();
      const id = randomUUID();
      return writeWithAudit(ctx, async (trx, audit) => {
        const taken = await takeNumberIn(trx, ctx, audit, actor, { direction: 'in', series: input.secrecy && input.secrecy !== 'thuong' ? SECRET_SERIES : undefined, documentId: id });
        const row: Database['documents'] = {
          id, agency_id: actor.agencyId, direction: 'in', type_code: input.typeCode, subject: input.subject.trim(), urgency: input.urgency ?? 'thuong',
          secrecy: input.secrecy ?? 'thuong', status: 'registered', number: taken.number, notation: input.notation.trim(), document_date: input.documentDate,
          sender: input.sender.trim(), signer_name: null, body_text: input.bodyText ?? null, created_by: actor.userId, created_at: now, updated_at: now,
          ...UNSET_COLUMNS,
        };
        await insert(trx, row);
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'document.incoming.register', targetType: 'document', targetId: id, details: { number: taken.number, notation: row.notation, sender: row.sender } });
        return record(row);
      });
    },

    /** One document of the actor's agency */
    async get(actor: Actor, id: string): Promise<DocumentRecord & { createdBy: string | null; sourceDocumentId: string | null; arrivalNote: string | null; leadHandlerId: string | null }> {
      const row = await agencyDocument(ctx.db.kysely, actor, id);
      if (!mayRead(actor, row)) throw new OfficeError('OFFICE_DOCUMENT_NOT_FOUND');
      return { ...record(row), createdBy: row.created_by, sourceDocumentId: row.source_document_id, arrivalNote: row.arrival_note, leadHandlerId: row.lead_handler_id };
    },

    /** The agency's documents matching every word of `q` (the last one as a prefix) and the filters; newest registered first */
    async search(actor: Actor, query: SearchQuery): Promise<{ total: number; totalIsExact: boolean; documents: DocumentRecord[] }> {
      const limit = query.limit ?? 20;
      const offset = query.offset ?? 0;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'limit', reason: 'số kết quả mỗi trang từ 1 đến 200' });
      if (!Number.isInteger(offset) || offset < 0) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'offset', reason: 'vị trí bắt đầu là số nguyên không âm' });
      for (const date of [query.from, query.to]) if (date !== undefined && !isIsoDate(date)) throw new OfficeError('OFFICE_DOCUMENT_INVALID', { field: 'date', reason: `ngày "${date}" (cần YYYY-MM-DD)` });
      const tokens = searchTokens(query.q ?? '').slice(0, 16);
      const day = sql`coalesce(d.document_date, substr(d.created_at, 1, 10))`;
      const sqliteText = tokens.length > 0 && ctx.db.dialect === 'sqlite';
      // SQLite with words: the full-text rows drive, in rowid (= sequence) order newest first, so the page is
      // reached without sorting every match; otherwise the documents, by the (agency, sequence) index
      let found = sqliteText
        ? ctx.db.kysely.selectFrom('documents_search as s').innerJoin('documents as d', 'd.seq', 's.rowid')
          .where(sql<boolean>`documents_search match ${tokens.map((t, i) => `"${t}"${i === tokens.length - 1 ? '*' : ''}`).join(' ')}`)
        : ctx.db.kysely.selectFrom('documents as d');
      found = found.where('d.agency_id', '=', actor.agencyId);
      if (!seesAllSecrets(actor)) {
        // Secret documents only for who wrote or leads them (access.ts)
        found = found.where((eb) => eb.or([eb('d.secrecy', '=', 'thuong'), eb('d.created_by', '=', actor.userId), eb('d.lead_handler_id', '=', actor.userId)]));
      }
      if (query.typeCode) found = found.where('d.type_code', '=', query.typeCode);
      if (query.direction) found = found.where('d.direction', '=', query.direction);
      if (query.status) found = found.where('d.status', '=', query.status);
      if (query.handlerId) {
        const handler = query.handlerId;
        found = found.where((eb) => eb.exists(eb.selectFrom('document_handlers as h').select('h.document_id').whereRef('h.document_id', '=', 'd.id').where('h.user_id', '=', handler)));
      }
      if (query.from) found = found.where(day, '>=', query.from);
      if (query.to) found = found.where(day, '<=', query.to);
      if (tokens.length && ctx.db.dialect === 'postgres') found = found.where(postgresMatch(tokens, await wordStatistics()));
      // The matches' sequences, up to a bound: an exact count of a hundred thousand matches costs more than the
      // page itself. SQLite's full-text rows come newest first, so they also give the page; PostgreSQL takes
      // whichever way is cheapest, in no order: with at most MAX_COUNT of them, the page is among them
      const seqs = (await found.select(sql<number>`d.seq`.as('seq')).$if(sqliteText, (q) => q.orderBy(sql`s.rowid`, 'desc'))
        .limit(MAX_COUNT + 1).execute()).map((r) => Number(r.seq));
      const total = seqs.length;
      let rows: Database['documents'][];
      if (total <= MAX_COUNT || (sqliteText && offset + limit <= total)) {
        const page = (sqliteText ? seqs : seqs.sort((a, b) => b - a)).slice(offset, offset + limit);
        rows = page.length ? await ctx.db.kysely.selectFrom('documents').selectAll().where('seq', 'in', page).orderBy('seq', 'desc').execute() : [];
      } else {
        rows = await found.selectAll('d').orderBy(sqliteText ? sql`s.rowid` : sql`d.seq`, 'desc').limit(limit).offset(offset).execute() as Database['documents'][];
      }
      return { total: Math.min(total, MAX_COUNT), totalIsExact: total <= MAX_COUNT, documents: rows.map(record) };
    },
  };
}
