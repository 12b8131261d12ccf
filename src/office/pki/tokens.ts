/**
 * The token register (seed 003 §6): each USB token with its state, and an event for every change, with a
 * hand-over record whenever custody changes. An agency's token changes hands only on written permission.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, PkiTokenEventTable, PkiTokenTable } from '../../store/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import { writeWithAudit, type Audit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';

export const TOKEN_STATES = ['new', 'issued', 'in_use', 'locked', 'lost', 'damaged', 'returned', 'revoked'] as const;
export type TokenState = (typeof TOKEN_STATES)[number];

/** The allowed moves. Lost and revoked are final: a found token is not trusted again. */
export const TOKEN_TRANSITIONS: Readonly<Record<TokenState, readonly TokenState[]>> = {
  new: ['issued', 'damaged', 'revoked'],
  issued: ['in_use', 'locked', 'lost', 'damaged', 'returned'],
  in_use: ['locked', 'lost', 'damaged', 'returned', 'revoked'],
  locked: ['in_use', 'lost', 'damaged', 'returned', 'revoked'],
  damaged: ['returned', 'revoked'],
  returned: ['issued', 'damaged', 'revoked'],
  lost: [],
  revoked: [],
};

/** Moves that put the token in other hands: each needs a hand-over record. */
const CUSTODY_CHANGES: readonly TokenState[] = ['issued', 'returned'];

export interface TokenRecord {
  readonly serial: string;
  readonly label: string;
  readonly model: string | null;
  readonly agencyId: string;
  readonly holderName: string | null;
  readonly state: TokenState;
  readonly updatedAt: string;
}

export interface TokenEvent {
  readonly fromState: string | null;
  readonly toState: string;
  readonly handedBy: string | null;
  readonly receivedBy: string | null;
  readonly witnessedBy: string | null;
  readonly authorisation: string | null;
  readonly note: string | null;
  readonly at: string;
}

export interface NewToken { readonly serial: string; readonly label: string; readonly model?: string | null; readonly agencyId: string }

export interface TokenChange {
  readonly to: string;
  readonly handedBy?: string;
  readonly receivedBy?: string;
  readonly witnessedBy?: string;
  /** Number and date of the written permission, e.g. "Công văn 296/UBND-VHTT ngày 13/5/2024". */
  readonly authorisation?: string;
  readonly holderUserId?: string | null;
  readonly note?: string;
}

const toRecord = (row: PkiTokenTable): TokenRecord => ({
  serial: row.serial, label: row.label, model: row.model, agencyId: row.agency_id, holderName: row.holder_name, state: row.state as TokenState, updatedAt: row.updated_at,
});

const toEvent = (row: PkiTokenEventTable): TokenEvent => ({
  fromState: row.from_state, toState: row.to_state, handedBy: row.handed_by, receivedBy: row.received_by, witnessedBy: row.witnessed_by,
  authorisation: row.authorisation, note: row.note, at: row.at,
});

const isTokenState = (value: string): value is TokenState => (TOKEN_STATES as readonly string[]).includes(value);
const TOKEN_SERIAL = /^[A-Za-z0-9._:-]{4,64}$/;

/** IT officers of the agency tree (admins) and the CA operators keep the register. */
async function requireKeeper(db: Kysely<Database>, scope: AgencyScope, actor: Actor, agencyId: string): Promise<void> {
  if (hasRole(actor, 'ca_operator') || hasRole(actor, 'dic_operator')) return;
  if (!hasRole(actor, 'admin') || !(await scope.visibleIds(db, actor)).includes(agencyId)) throw new OfficeError('OFFICE_FORBIDDEN');
}

async function findRow(db: Kysely<Database>, serial: string): Promise<PkiTokenTable> {
  const row = await db.selectFrom('pki_tokens').selectAll().where('serial', '=', serial).executeTakeFirst();
  if (!row) throw new OfficeError('OFFICE_TOKEN_NOT_FOUND', { serial: serial.slice(0, 64) });
  return row;
}

export function createTokenRegister(ctx: OfficeContext, scope: AgencyScope) {
  const db = () => ctx.db.kysely;

  /** Read, checked and written on the caller's transaction; the state guard on the update keeps two racing changes from both passing */
  async function changeIn(trx: Transaction<Database>, audit: Audit, actor: Actor, serial: string, change: TokenChange): Promise<TokenRecord> {
    const row = await findRow(trx, serial);
    await requireKeeper(trx, scope, actor, row.agency_id);
    const from = row.state as TokenState;
    if (!isTokenState(change.to) || !TOKEN_TRANSITIONS[from].includes(change.to)) throw new OfficeError('OFFICE_TOKEN_TRANSITION_FORBIDDEN', { from, to: change.to.slice(0, 40) });
    const to = change.to;
    if (CUSTODY_CHANGES.includes(to)) {
      const missing = [!change.handedBy?.trim() && 'người giao', !change.receivedBy?.trim() && 'người nhận'].filter(Boolean);
      if (missing.length === 0 && (await holdsAgencyCertificate(trx, serial)) && !change.authorisation?.trim()) missing.push('văn bản cho phép của người có thẩm quyền');
      if (missing.length > 0) throw new OfficeError('OFFICE_TOKEN_HANDOVER_INCOMPLETE', { missing: missing.join(', ') });
    }
    const at = ctx.now().toISOString();
    const holderName = to === 'issued' ? change.receivedBy!.trim() : to === 'returned' ? null : row.holder_name;
    const holderUserId = to === 'issued' ? change.holderUserId ?? null : to === 'returned' ? null : row.holder_user_id;
    const moved = await trx.updateTable('pki_tokens').set({ state: to, holder_name: holderName, holder_user_id: holderUserId, updated_at: at })
      .where('serial', '=', serial).where('state', '=', from).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new OfficeError('OFFICE_TOKEN_TRANSITION_FORBIDDEN', { from, to });
    await trx.insertInto('pki_token_events').values({
      id: randomUUID(), token_serial: serial, from_state: from, to_state: to, handed_by: change.handedBy?.trim() || null, received_by: change.receivedBy?.trim() || null,
      witnessed_by: change.witnessedBy?.trim() || null, authorisation: change.authorisation?.trim() || null, note: change.note?.trim() || null, at, recorded_by: actor.userId,
    }).execute();
    await audit({ actorId: actor.userId, agencyId: row.agency_id, action: 'pki.token.change', targetType: 'pki_token', targetId: serial, details: { from, to, handedBy: change.handedBy ?? null, receivedBy: change.receivedBy ?? null } });
    return toRecord(await findRow(trx, serial));
  }

  return {
    async register(actor: Actor, input: NewToken): Promise<TokenRecord> {
      await requireKeeper(db(), scope, actor, input.agencyId);
      if (!TOKEN_SERIAL.test(input.serial)) throw new OfficeError('OFFICE_TOKEN_SERIAL_INVALID', { serial: input.serial.slice(0, 64) });
      if (await db().selectFrom('pki_tokens').select('serial').where('serial', '=', input.serial).executeTakeFirst()) throw new OfficeError('OFFICE_TOKEN_EXISTS', { serial: input.serial });
      const at = ctx.now().toISOString();
      const row: PkiTokenTable = { serial: input.serial, label: input.label.trim(), model: input.model ?? null, agency_id: input.agencyId, holder_name: null, holder_user_id: null, state: 'new', created_at: at, updated_at: at };
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.insertInto('pki_tokens').values(row).execute();
        await trx.insertInto('pki_token_events').values({ id: randomUUID(), token_serial: row.serial, from_state: null, to_state: 'new', handed_by: null, received_by: null, witnessed_by: null, authorisation: null, note: null, at, recorded_by: actor.userId }).execute();
        await audit({ actorId: actor.userId, agencyId: input.agencyId, action: 'pki.token.register', targetType: 'pki_token', targetId: row.serial, details: { label: row.label } });
      });
      return toRecord(row);
    },

    change: (actor: Actor, serial: string, change: TokenChange): Promise<TokenRecord> => writeWithAudit(ctx, (trx, audit) => changeIn(trx, audit, actor, serial, change)),
    /** The same change inside the caller's transaction, e.g. the hand-over that also links the certificate (requests/ca-own-tokens.ts) */
    changeWithin: (trx: Transaction<Database>, audit: Audit, actor: Actor, serial: string, change: TokenChange): Promise<TokenRecord> => changeIn(trx, audit, actor, serial, change),

    async history(actor: Actor, serial: string): Promise<TokenEvent[]> {
      const row = await findRow(db(), serial);
      await requireKeeper(db(), scope, actor, row.agency_id);
      const events = await db().selectFrom('pki_token_events').selectAll().where('token_serial', '=', serial).orderBy('at').execute();
      return events.map(toEvent);
    },

    async list(actor: Actor): Promise<TokenRecord[]> {
      const wide = hasRole(actor, 'ca_operator') || hasRole(actor, 'dic_operator');
      let query = db().selectFrom('pki_tokens').selectAll().orderBy('agency_id').orderBy('serial');
      if (!wide) query = query.where('agency_id', 'in', await scope.visibleIds(db(), actor));
      return (await query.execute()).map(toRecord);
    },
  };
}

/** Whether the token carries a valid certificate of an agency (organisation profile). */
async function holdsAgencyCertificate(db: Kysely<Database>, tokenSerial: string): Promise<boolean> {
  const row = await db.selectFrom('pki_certificates').select('serial').where('token_serial', '=', tokenSerial).where('profile', '=', 'organisation').where('status', '=', 'valid').executeTakeFirst();
  return row !== undefined;
}

export type TokenRegister = ReturnType<typeof createTokenRegister>;
