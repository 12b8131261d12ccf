import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, requireRole, type Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { selectRootId, selectSubtreeIds } from './agencies.repo.ts';

/**
 * How long another process's new agency may stay out of a cached subtree. Agencies are never moved or
 * removed, so a stale subtree can only hide a new agency for a moment, never show one it should not.
 */
const SUBTREE_TTL_MS = 5_000;

/** Who sees which agencies, with the agency tree cached per root: every admin request needs it. */
export function createAgencyScope() {
  const subtrees = new Map<string, { ids: string[]; at: number }>();

  async function subtree(db: Kysely<Database>, rootId: string): Promise<string[]> {
    const cached = subtrees.get(rootId);
    if (cached && performance.now() - cached.at < SUBTREE_TTL_MS) return cached.ids;
    const ids = await selectSubtreeIds(db, rootId);
    subtrees.set(rootId, { ids, at: performance.now() });
    return ids;
  }

  return {
    /**
     * The agencies whose data the actor may see: an administrator sees their agency's subtree, a DIC or CA
     * operator the whole province, everyone else their own agency only.
     */
    async visibleIds(db: Kysely<Database>, actor: Actor): Promise<string[]> {
      if (hasRole(actor, 'dic_operator') || hasRole(actor, 'ca_operator')) return subtree(db, await selectRootId(db, actor.agencyId));
      if (hasRole(actor, 'admin')) return subtree(db, actor.agencyId);
      return [actor.agencyId];
    },

    /** Admins act on their own agency's subtree, whatever else they may see. */
    async requireAdminOver(db: Kysely<Database>, actor: Actor, agencyId: string): Promise<void> {
      requireRole(actor, 'admin');
      if (!(await subtree(db, actor.agencyId)).includes(agencyId)) throw new OfficeError('OFFICE_FORBIDDEN');
    },

    /** Called when this process adds an agency: its own caches are never stale. */
    invalidate: () => subtrees.clear(),
  };
}

export type AgencyScope = ReturnType<typeof createAgencyScope>;
