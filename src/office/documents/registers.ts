/**
 * Document registers and their numbers. A number is taken in the same transaction as whatever uses it, so a
 * rolled-back issue gives its number back; two clerks at once never get the same number, because the
 * register's row is updated in place (a row lock on PostgreSQL, the single writer on SQLite). A number given
 * and then not used is voided with a reason: no gap is left unexplained.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { writeWithAudit, type Audit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { documentType } from './catalogue.ts';
import { vietnamYear } from '../../shared/vietnam-time.ts';
import { formatNumber, notation } from './notation.ts';

export type Direction = 'out' | 'in';
/** The ordinary series; secret documents and each type of legal normative document have their own */
export const GENERAL_SERIES = 'chung';
export const SECRET_SERIES = 'mat';

export interface TakeNumber {
  readonly direction: Direction;
  readonly series?: string;
  /** Outgoing documents: the notation written with the number */
  readonly typeCode?: string;
  readonly issuer?: string;
  readonly unit?: string;
  readonly documentId?: string;
}

export interface TakenNumber {
  readonly registerId: string;
  readonly year: number;
  readonly series: string;
  readonly number: number;
  /** "05" */
  readonly formatted: string;
  /** "05/QĐ-UBND" when the type and issuer were given */
  readonly notation?: string;
}

export interface RegisterLine {
  readonly number: number;
  readonly formatted: string;
  readonly status: 'used' | 'void';
  readonly notation: string | null;
  readonly documentId: string | null;
  readonly reason: string | null;
  readonly takenAt: string;
}

const SERIES = /^[a-z0-9-]{1,40}$/;

/** Takes the next number inside the caller's transaction (the issue that uses it) */
export async function takeNumberIn(trx: Transaction<Database>, ctx: OfficeContext, audit: Audit, actor: Actor, input: TakeNumber): Promise<TakenNumber> {
  if (input.direction !== 'out' && input.direction !== 'in') throw new OfficeError('OFFICE_REGISTER_INVALID', { reason: `chiều "${String(input.direction)}"` });
  const series = input.series ?? GENERAL_SERIES;
  if (!SERIES.test(series)) throw new OfficeError('OFFICE_REGISTER_INVALID', { reason: `loại sổ "${series}"` });
  const type = input.typeCode ? documentType(input.typeCode) : undefined;
  if (input.typeCode && !type) throw new OfficeError('OFFICE_REGISTER_INVALID', { reason: `loại văn bản "${input.typeCode}"` });
  const now = ctx.now();
  const year = vietnamYear(now);
  await trx.insertInto('registers')
    .values({ id: randomUUID(), agency_id: actor.agencyId, direction: input.direction, year, series, next_number: 1, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['agency_id', 'direction', 'year', 'series']).doNothing())
    .execute();
  const taken = await trx.updateTable('registers')
    .set((eb) => ({ next_number: eb('next_number', '+', 1) }))
    .where('agency_id', '=', actor.agencyId).where('direction', '=', input.direction).where('year', '=', year).where('series', '=', series)
    .returning(['id', 'next_number'])
    .executeTakeFirstOrThrow();
  const number = taken.next_number - 1;
  const written = type && input.issuer ? notation({ number, type, issuer: input.issuer, unit: input.unit }) : undefined;
  await trx.insertInto('register_numbers').values({
    register_id: taken.id, number, status: 'used', notation: written ?? null, document_id: input.documentId ?? null, reason: null,
    taken_at: now.toISOString(), taken_by: actor.userId,
  }).execute();
  await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'register.number.take', targetType: 'register', targetId: taken.id, details: { year, series, direction: input.direction, number, notation: written } });
  return { registerId: taken.id, year, series, number, formatted: formatNumber(number), ...(written ? { notation: written } : {}) };
}

export function createRegisterService(ctx: OfficeContext) {
  const ownRegister = async (trx: Transaction<Database>, actor: Actor, registerId: string) => {
    const register = await trx.selectFrom('registers').selectAll().where('id', '=', registerId).executeTakeFirst();
    if (!register || register.agency_id !== actor.agencyId) throw new OfficeError('OFFICE_FORBIDDEN');
    return register;
  };
  return {
    /** The clerk takes the next number of their agency's register (numbers from 01 each year in Vietnam) */
    async takeNumber(actor: Actor, input: TakeNumber): Promise<TakenNumber> {
      requireRole(actor, 'clerk');
      return writeWithAudit(ctx, (trx, audit) => takeNumberIn(trx, ctx, audit, actor, input));
    },

    /** A number taken and not used: kept in the register as void, with why */
    async voidNumber(actor: Actor, registerId: string, number: number, reason: string): Promise<void> {
      requireRole(actor, 'clerk');
      if (!reason.trim()) throw new OfficeError('OFFICE_REASON_REQUIRED');
      return writeWithAudit(ctx, async (trx, audit) => {
        await ownRegister(trx, actor, registerId);
        const line = await trx.selectFrom('register_numbers').select('status').where('register_id', '=', registerId).where('number', '=', number).executeTakeFirst();
        if (!line) throw new OfficeError('OFFICE_NUMBER_NOT_FOUND', { number: formatNumber(number) });
        if (line.status === 'void') throw new OfficeError('OFFICE_NUMBER_ALREADY_VOID', { number: formatNumber(number) });
        await trx.updateTable('register_numbers').set({ status: 'void', reason: reason.trim() }).where('register_id', '=', registerId).where('number', '=', number).execute();
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'register.number.void', targetType: 'register', targetId: registerId, details: { number, reason: reason.trim() } });
      });
    },

    /** The register's lines in number order; `gaps` lists numbers below the next one that have no line (there should be none) */
    async lines(actor: Actor, registerId: string): Promise<{ lines: RegisterLine[]; gaps: number[] }> {
      return ctx.db.kysely.transaction().execute(async (trx) => {
        const register = await ownRegister(trx, actor, registerId);
        const rows = await trx.selectFrom('register_numbers').selectAll().where('register_id', '=', registerId).orderBy('number').execute();
        const lines = rows.map((r) => ({ number: r.number, formatted: formatNumber(r.number), status: r.status as 'used' | 'void', notation: r.notation, documentId: r.document_id, reason: r.reason, takenAt: r.taken_at }));
        const present = new Set(rows.map((r) => r.number));
        const gaps = Array.from({ length: register.next_number - 1 }, (_, i) => i + 1).filter((n) => !present.has(n));
        return { lines, gaps };
      });
    },
  };
}
