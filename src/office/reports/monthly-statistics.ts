/**
 * Monthly statistics for a leader, the DIC or an administrator, over the agencies they oversee (the survey's scope):
 * per month in Hà Nội, incoming documents registered, outgoing documents issued (signed, sent electronically to
 * units, over the axis, by e-mail), incoming documents by how their deadline went, and administration requests
 * filed, approved, done and returned. Each figure is counted in SQL per month, the same on SQLite and PostgreSQL:
 * times are stored as UTC ISO text, so a month is a range of text, one CASE branch per month.
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor, type Role } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { vietnamDate } from '../../shared/vietnam-time.ts';
import { statisticsPeriod, type StatisticsMonth, type StatisticsPeriod } from './statistics-period.ts';

export interface MonthFigures {
  /** Numbers taken in the incoming registers (paper arrivals and electronic ones alike), voided numbers not counted */
  readonly incoming: { readonly registered: number };
  /**
   * Documents whose issue falls in the month; of them, those carrying a digital signature, and those sent
   * electronically at all and per channel (a document sent to a unit and by e-mail counts in both channels), and
   * those whose paper copy went too (the clerk says so at issue)
   */
  readonly outgoing: { readonly issued: number; readonly signed: number; readonly electronic: number; readonly units: number; readonly axis: number; readonly email: number; readonly withPaper: number };
  /**
   * Incoming documents whose deadline falls in the month: completed by the end of that day in Hà Nội, completed
   * after it, still open past it, still open and not yet due (as of the day the statistics are drawn)
   */
  readonly deadlines: { readonly onTime: number; readonly late: number; readonly overdue: number; readonly pending: number };
  /** Request entries of the overseen agencies: first sent on from their list, approved, done, returned (each return counts) */
  readonly requests: { readonly filed: number; readonly approved: number; readonly done: number; readonly returned: number };
}

export interface MonthlyStatistics {
  /** Whose statistics: the agency of the person who drew them, for the exports' heading */
  readonly agencyName: string;
  /** How many agencies the figures cover */
  readonly agencies: number;
  /** YYYY-MM, both included */
  readonly from: string;
  readonly to: string;
  /** The Vietnam day they were drawn: "still open past the deadline" is as of then */
  readonly asOf: string;
  readonly months: readonly (MonthFigures & { readonly month: string })[];
  readonly total: MonthFigures;
}

/** A count as each engine returns it (PostgreSQL's bigint as text); a sum over no row is null */
type Count = string | number | bigint;
type Counted = Count | null;
/** One month's counts by name, as the database gave them */
type Counts = Readonly<Record<string, Counted>>;
type Tally = Map<string, Counts>;

/** The end of a Vietnam day as a stored timestamp ends: `${day}` + this suffix, derived rather than written out */
const DAY_END_UTC = new Date('2000-01-01T23:59:59.999+07:00').toISOString().slice(10);
const OPEN_INCOMING = ['assigned', 'in_progress'] as const;
/** A leader sees their own agency's figures, the DIC its province's, an administrator their agency's subtree */
const READERS: readonly Role[] = ['leader', 'dic_operator', 'admin'];

/** The Vietnam month (YYYY-MM) of a stored UTC timestamp, for rows already kept inside the period */
const monthOf = (column: string, months: readonly StatisticsMonth[]): RawBuilder<string> =>
  sql<string>`case ${sql.join(months.map((m) => sql`when ${sql.ref(column)} <= ${m.end} then ${m.key}`), sql` `)} end`;

const tally = (rows: readonly ({ month: string } & Record<string, Counted>)[]): Tally => new Map(rows.map(({ month, ...n }) => [month, n]));
const num = (value: Counted | undefined) => Number(value ?? 0);

export async function monthlyStatistics(ctx: OfficeContext, scope: AgencyScope, actor: Actor, input: { from?: unknown; to?: unknown } = {}): Promise<MonthlyStatistics> {
  if (!READERS.some((role) => hasRole(actor, role))) throw new OfficeError('OFFICE_FORBIDDEN');
  const period = statisticsPeriod(input, ctx.now());
  const asOf = vietnamDate(ctx.now());
  const db = ctx.db.kysely;
  const agencies = await scope.visibleIds(db, actor);
  const [own, registered, issued, deadlines, filed, decided] = await Promise.all([
    db.selectFrom('agencies').select('name').where('id', '=', actor.agencyId).executeTakeFirstOrThrow(),
    countRegistered(db, agencies, period), countIssued(db, agencies, period), countDeadlines(db, agencies, period, asOf),
    countFiled(db, agencies, period), countDecided(db, agencies, period),
  ]);
  const months = period.months.map(({ key }) => {
    const [r, i, d, f, e] = [registered, issued, deadlines, filed, decided].map((t) => t.get(key) ?? {}) as [Counts, Counts, Counts, Counts, Counts];
    return {
      month: key,
      incoming: { registered: num(r.n) },
      outgoing: { issued: num(i.issued), signed: num(i.signed), electronic: num(i.electronic), units: num(i.units), axis: num(i.axis), email: num(i.email), withPaper: num(i.withPaper) },
      deadlines: { onTime: num(d.onTime), late: num(d.late), overdue: num(d.overdue), pending: num(d.pending) },
      requests: { filed: num(f.n), approved: num(e.approve), done: num(e.done), returned: num(e.return) },
    };
  });
  return { agencyName: own.name, agencies: agencies.length, from: period.from, to: period.to, asOf, months, total: sumFigures(months) };
}

/** The period's totals: every figure summed over the months */
function sumFigures(months: readonly MonthFigures[]): MonthFigures {
  const add = <T extends Record<string, number>>(pick: (m: MonthFigures) => T): T => {
    const out: Record<string, number> = {};
    for (const m of months) for (const [k, v] of Object.entries(pick(m))) out[k] = (out[k] ?? 0) + v;
    return out as T;
  };
  return { incoming: add((m) => m.incoming), outgoing: add((m) => m.outgoing), deadlines: add((m) => m.deadlines), requests: add((m) => m.requests) };
}

async function countRegistered(db: Kysely<Database>, agencies: readonly string[], p: StatisticsPeriod): Promise<Tally> {
  const taken = db.selectFrom('register_numbers as n').innerJoin('registers as r', 'r.id', 'n.register_id').select(monthOf('n.taken_at', p.months).as('month'))
    .where('r.direction', '=', 'in').where('r.agency_id', 'in', agencies).where('n.status', '=', 'used').where('n.taken_at', '>=', p.start).where('n.taken_at', '<=', p.end);
  return tally(await db.selectFrom(taken.as('t')).select((eb) => ['t.month', eb.fn.countAll<Count>().as('n')]).groupBy('t.month').execute());
}

/** As the survey counts them: a document's issue event, a 'signed' file version, its deliveries by recipient kind, its paper copy */
async function countIssued(db: Kysely<Database>, agencies: readonly string[], p: StatisticsPeriod): Promise<Tally> {
  const rows = db.selectFrom('document_events as e').innerJoin('documents as d', 'd.id', 'e.document_id').select((eb) => {
    const flag = (cond: Expression<SqlBool>) => eb.case().when(cond).then(1).else(0).end();
    const sent = (kind?: string) => eb.exists(eb.selectFrom('document_deliveries as x').select('x.id').whereRef('x.document_id', '=', 'd.id').$if(kind !== undefined, (q) => q.where('x.kind', '=', kind!)));
    return [
      monthOf('e.at', p.months).as('month'),
      flag(eb.exists(eb.selectFrom('document_files as f').select('f.document_id').whereRef('f.document_id', '=', 'd.id').where('f.kind', '=', 'signed'))).as('signed'),
      flag(sent()).as('electronic'), flag(sent('unit')).as('units'), flag(sent('agency')).as('axis'), flag(sent('email')).as('email'),
      flag(eb('d.paper_copy', '=', 1)).as('withPaper'),
    ];
  }).where('e.action', '=', 'issue').where('d.direction', '=', 'out').where('d.agency_id', 'in', agencies).where('e.at', '>=', p.start).where('e.at', '<=', p.end);
  return tally(await db.selectFrom(rows.as('t')).select((eb) => [
    't.month', eb.fn.countAll<Count>().as('issued'), eb.fn.sum<Counted>('t.signed').as('signed'), eb.fn.sum<Counted>('t.electronic').as('electronic'),
    eb.fn.sum<Counted>('t.units').as('units'), eb.fn.sum<Counted>('t.axis').as('axis'), eb.fn.sum<Counted>('t.email').as('email'), eb.fn.sum<Counted>('t.withPaper').as('withPaper'),
  ]).groupBy('t.month').execute());
}

/**
 * Incoming documents by the month their deadline falls in (a date, already a Vietnam day): done by then (the last
 * 'complete' event, as the trail has it), done later, or not done — past it or not yet — as of today. Documents
 * given back or returned to their sender are no longer anyone's to handle and are left out.
 */
async function countDeadlines(db: Kysely<Database>, agencies: readonly string[], p: StatisticsPeriod, today: string): Promise<Tally> {
  const rows = db.selectFrom('documents as d').select((eb) => {
    const completedAt = eb.selectFrom('document_events as c').select((c) => c.fn.max('c.at').as('at')).whereRef('c.document_id', '=', 'd.id').where('c.action', '=', 'complete');
    const inTime = sql<SqlBool>`(${completedAt}) <= (${sql.ref('d.due_date')} || ${DAY_END_UTC})`;
    return [
      sql<string>`substr(${sql.ref('d.due_date')}, 1, 7)`.as('month'),
      eb.case().when('d.status', '=', 'completed').then(eb.case().when(inTime).then('onTime').else('late').end())
        .when('d.due_date', '<', today).then('overdue').else('pending').end().as('outcome'),
    ];
  }).where('d.direction', '=', 'in').where('d.agency_id', 'in', agencies).where('d.status', 'in', [...OPEN_INCOMING, 'completed'])
    .where('d.due_date', '>=', p.firstDay).where('d.due_date', '<=', p.lastDay);
  const counted = await db.selectFrom(rows.as('t')).select((eb) => ['t.month', 't.outcome', eb.fn.countAll<Count>().as('n')]).groupBy(['t.month', 't.outcome']).execute();
  return pivot(counted, (r) => r.outcome);
}

/** An entry is filed once, when a list first sends it on: its list sent again after a recall, the levels above sending it further, or a resubmission are no new filing */
async function countFiled(db: Kysely<Database>, agencies: readonly string[], p: StatisticsPeriod): Promise<Tally> {
  const first = db.selectFrom('request_events as v').innerJoin('request_entries as r', 'r.id', 'v.target_id').select((eb) => ['v.target_id', eb.fn.min('v.at').as('at')])
    .where('v.target_kind', '=', 'entry').where('v.action', '=', 'submit').where('r.origin_agency_id', 'in', agencies).groupBy('v.target_id');
  const rows = db.selectFrom(first.as('s')).select(monthOf('s.at', p.months).as('month')).where('s.at', '>=', p.start).where('s.at', '<=', p.end);
  return tally(await db.selectFrom(rows.as('t')).select((eb) => ['t.month', eb.fn.countAll<Count>().as('n')]).groupBy('t.month').execute());
}

/** Approvals, completions and returns of the overseen agencies' entries, by the month they happened */
async function countDecided(db: Kysely<Database>, agencies: readonly string[], p: StatisticsPeriod): Promise<Tally> {
  const rows = db.selectFrom('request_events as v').innerJoin('request_entries as r', 'r.id', 'v.target_id').select([monthOf('v.at', p.months).as('month'), 'v.action'])
    .where('v.target_kind', '=', 'entry').where('v.action', 'in', ['approve', 'done', 'return']).where('r.origin_agency_id', 'in', agencies)
    .where('v.at', '>=', p.start).where('v.at', '<=', p.end);
  const counted = await db.selectFrom(rows.as('t')).select((eb) => ['t.month', 't.action', eb.fn.countAll<Count>().as('n')]).groupBy(['t.month', 't.action']).execute();
  return pivot(counted, (r) => r.action);
}

/** Rows of (month, kind, n) as one record of counts per month, keyed by kind */
function pivot<R extends { month: string; n: Counted }>(rows: readonly R[], kindOf: (row: R) => string): Tally {
  const out: Tally = new Map();
  for (const row of rows) out.set(row.month, { ...out.get(row.month), [kindOf(row)]: row.n });
  return out;
}
