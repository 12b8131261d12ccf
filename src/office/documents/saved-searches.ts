/**
 * Searches a user keeps by name (specs.md §6 "save queries"), run again through the documents' own search, so
 * they find what the search finds today, in the user's agency of today. Each user has their own, names unique
 * per user; nobody else sees, runs or deletes them.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { isIsoDate } from '../../shared/vietnam-time.ts';
import { documentType } from './catalogue.ts';
import { createDocumentService, type SearchQuery } from './documents.ts';

/** What is kept: the query without its page */
export type SavedQuery = Omit<SearchQuery, 'limit' | 'offset'>;

export interface SavedSearch {
  readonly id: string;
  readonly name: string;
  readonly query: SavedQuery;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const MAX_SAVED_SEARCHES = 100;
const MAX_NAME = 100;
const FIELDS = ['q', 'typeCode', 'direction', 'status', 'handlerId', 'from', 'to'] as const;
const STATUS = /^[a-z_]{1,30}$/;

const invalid = (field: string, reason: string) => new OfficeError('OFFICE_SAVED_SEARCH_INVALID', { field, reason });

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim().replace(/\s+/g, ' ') : '';
  if (!trimmed || trimmed.length > MAX_NAME) throw invalid('name', `tên cần từ 1 đến ${MAX_NAME} ký tự`);
  return trimmed;
}

/** Only the known fields, each checked; an empty query would find everything and is refused */
export function checkSavedQuery(query: unknown): SavedQuery {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw invalid('query', 'điều kiện tìm kiếm phải là một đối tượng');
  const given = query as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) throw invalid(unknown[0]!, `không có điều kiện "${unknown[0]}" (chỉ có ${FIELDS.join(', ')})`);
  const out: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = given[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalid(field, 'cần một chuỗi ký tự');
    if (value.trim()) out[field] = value.trim();
  }
  if (out.q !== undefined && out.q.length > 200) throw invalid('q', 'từ khóa tối đa 200 ký tự');
  if (out.typeCode !== undefined && !documentType(out.typeCode)) throw invalid('typeCode', `không có loại văn bản "${out.typeCode}"`);
  if (out.direction !== undefined && out.direction !== 'in' && out.direction !== 'out') throw invalid('direction', `chiều "${out.direction}" (cần in hoặc out)`);
  if (out.status !== undefined && !STATUS.test(out.status)) throw invalid('status', `trạng thái "${out.status}"`);
  if (out.handlerId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(out.handlerId)) throw invalid('handlerId', 'mã người xử lý không hợp lệ');
  for (const field of ['from', 'to'] as const) if (out[field] !== undefined && !isIsoDate(out[field])) throw invalid(field, `ngày "${out[field]}" (cần YYYY-MM-DD)`);
  if (out.from && out.to && out.from > out.to) throw invalid('to', `ngày kết thúc ${out.to} trước ngày bắt đầu ${out.from}`);
  if (Object.keys(out).length === 0) throw invalid('query', 'cần ít nhất một điều kiện tìm kiếm');
  return out as SavedQuery;
}

export function createSavedSearchService(ctx: OfficeContext) {
  const documents = createDocumentService(ctx);
  const toSaved = (r: { id: string; name: string; query: string; created_at: string; updated_at: string }): SavedSearch =>
    ({ id: r.id, name: r.name, query: JSON.parse(r.query) as SavedQuery, createdAt: r.created_at, updatedAt: r.updated_at });
  const own = async (actor: Actor, id: string) => {
    const row = await ctx.db.kysely.selectFrom('saved_searches').selectAll().where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
    if (!row) throw new OfficeError('OFFICE_SAVED_SEARCH_NOT_FOUND');
    return row;
  };

  return {
    async save(actor: Actor, input: { name: string; query: SavedQuery }): Promise<SavedSearch> {
      const name = checkName(input.name);
      const query = checkSavedQuery(input.query);
      const now = ctx.now().toISOString();
      return writeWithAudit(ctx, async (trx, audit) => {
        const mine = await trx.selectFrom('saved_searches').select('name').where('user_id', '=', actor.userId).execute();
        if (mine.some((m) => m.name.toLowerCase() === name.toLowerCase())) throw new OfficeError('OFFICE_SAVED_SEARCH_NAME_TAKEN', { name });
        if (mine.length >= MAX_SAVED_SEARCHES) throw new OfficeError('OFFICE_SAVED_SEARCH_LIMIT', { max: MAX_SAVED_SEARCHES });
        const row = { id: randomUUID(), user_id: actor.userId, name, query: JSON.stringify(query), created_at: now, updated_at: now };
        await trx.insertInto('saved_searches').values(row).execute();
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'saved_search.create', targetType: 'saved_search', targetId: row.id, details: { name } });
        return toSaved(row);
      });
    },

    /** The user's saved searches, by name */
    async list(actor: Actor): Promise<SavedSearch[]> {
      const rows = await ctx.db.kysely.selectFrom('saved_searches').selectAll().where('user_id', '=', actor.userId).orderBy('name').execute();
      return rows.map(toSaved);
    },

    /** Runs it now, a page at a time, as the documents' search does */
    async run(actor: Actor, id: string, page: { limit?: number; offset?: number } = {}) {
      const saved = toSaved(await own(actor, id));
      return { search: saved, ...(await documents.search(actor, { ...saved.query, limit: page.limit, offset: page.offset })) };
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const row = await own(actor, id);
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', actor.userId).execute();
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'saved_search.delete', targetType: 'saved_search', targetId: id, details: { name: row.name } });
      });
    },
  };
}
