/**
 * The figures of seed 004's annex II (the survey of electronic document exchange the Government Office asks for),
 * filled from live data for the agencies the DIC (or an administrator) oversees, over a period:
 * §1.1 how many units use the system, exchange over the axis, sign digitally; §1.3 agency codes in the QCVN form;
 * §1.10 documents issued per month; §1.11 certificates per unit and person, and the signed share of electronic
 * documents sent inside the province and outside it; §2.5 status packages sent back and received. The questions
 * that are facts of the installation, not of its data (hosting, LGSP, regulations), stay for the person filling it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import { isAgencyCode, type AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { tableToXlsx, XLSX_TYPE, type ExportedFile } from '../documents/table-export.ts';
import { reportPeriod, type ReportPeriod } from './report-period.ts';

export interface Share { readonly signed: number; readonly total: number }

export interface InterconnectionSurvey {
  /** Whose survey: the agency of the DIC or administrator who drew it, for the XLSX's heading */
  readonly agencyName: string;
  readonly from: string;
  readonly to: string;
  readonly months: number;
  /** §1.1 */
  readonly units: { readonly total: number; readonly usingSystem: number; readonly exchangingOverAxis: number; readonly signingDigitally: number };
  /** §1.3 */
  readonly agencyCodes: { readonly total: number; readonly inQcvnForm: number };
  /** §1.10: documents issued, electronically and on paper alike, and the electronic ones without a paper copy */
  readonly issued: Issued;
  /** §1.11 a */
  readonly certificates: { readonly units: number; readonly persons: number };
  /** §1.11 b: deliveries of issued documents, signed ones among them, inside the province (units) and outside (axis, e-mail) */
  readonly signedShare: { readonly internal: Share; readonly external: Share };
  /** §2.5 */
  readonly statusFeedback: { readonly sent: number; readonly received: number };
}

/**
 * §1.10 asks two averages: every document issued ("bao gồm cả văn bản giấy và văn bản điện tử") and those issued
 * electronically without a paper copy. A secret document never leaves electronically, so one numbered in the period
 * went on paper only; an electronic issue records whether a paper copy went too (null before it was asked).
 */
export interface Issued {
  /** Electronic issues plus secret documents numbered (paper only) */
  readonly total: number;
  readonly perMonth: number;
  /** Issued electronically, with no paper copy */
  readonly electronicOnly: number;
  readonly electronicOnlyPerMonth: number;
  /** Issued electronically with a paper copy too */
  readonly withPaper: number;
  /** Secret documents, on paper only */
  readonly paperOnly: number;
  /** Issued electronically before the paper copy was asked: neither line can count them as electronic-only */
  readonly notRecorded: number;
  /** Electronic issues whose file carries the leader's signature */
  readonly signed: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
/** How many agencies the rows name (each query keeps to the overseen ones) */
const distinct = (rows: readonly { id: string | null }[]) => new Set(rows.map((r) => r.id).filter((id) => id !== null)).size;

export async function interconnectionSurvey(ctx: OfficeContext, scope: AgencyScope, actor: Actor, input: { from?: unknown; to?: unknown } = {}): Promise<InterconnectionSurvey> {
  if (!hasRole(actor, 'dic_operator') && !hasRole(actor, 'admin')) throw new OfficeError('OFFICE_FORBIDDEN');
  const period = reportPeriod(input, ctx.now());
  const db = ctx.db.kysely;
  const agencies = await scope.visibleIds(db, actor);
  const [own, codes, certificates] = await Promise.all([
    db.selectFrom('agencies').select('name').where('id', '=', actor.agencyId).executeTakeFirstOrThrow(),
    db.selectFrom('agencies').select('code').where('id', 'in', agencies).execute(),
    db.selectFrom('pki_certificates').select(['agency_id as id', 'profile', 'holder_user_id', 'holder_name'])
      .where('agency_id', 'in', agencies).where('status', '=', 'active').where('not_after', '>', period.start).execute(),
  ]);
  const persons = certificates.filter((c) => c.profile === 'individual').map((c) => c.holder_user_id ?? c.holder_name);
  return {
    agencyName: own.name, from: period.from, to: period.to, months: period.months,
    units: await countUnits(db, agencies, period, certificates),
    agencyCodes: { total: codes.length, inQcvnForm: codes.filter((c) => isAgencyCode(c.code)).length },
    ...await countIssued(db, agencies, period),
    certificates: { units: distinct(certificates), persons: new Set(persons).size },
    statusFeedback: await countStatusFeedback(db, agencies, period),
  };
}

/** §1.1: units that used the system (a sign-in or a document), exchanged over the axis, and can sign */
async function countUnits(db: Kysely<Database>, agencies: readonly string[], { start, end }: ReportPeriod, certificates: readonly { id: string | null }[]): Promise<InterconnectionSurvey['units']> {
  const [signingIn, documentsIn, axisOut, axisIn, keys] = await Promise.all([
    db.selectFrom('users').select('agency_id as id').where('agency_id', 'in', agencies).where('last_sign_in_at', '>=', start).where('last_sign_in_at', '<=', end).execute(),
    db.selectFrom('documents').select('agency_id as id').where('agency_id', 'in', agencies).where('created_at', '>=', start).where('created_at', '<=', end).execute(),
    db.selectFrom('document_deliveries').innerJoin('documents', 'documents.id', 'document_deliveries.document_id').select('documents.agency_id as id').where('documents.agency_id', 'in', agencies)
      .where('document_deliveries.kind', '=', 'agency').where('document_deliveries.status', '=', 'sent').where('document_deliveries.updated_at', '>=', start).where('document_deliveries.updated_at', '<=', end).execute(),
    db.selectFrom('documents').select('agency_id as id').where('agency_id', 'in', agencies).where('axis_message_id', 'is not', null).where('created_at', '>=', start).where('created_at', '<=', end).execute(),
    db.selectFrom('signing_keys').select('agency_id as id').where('agency_id', 'in', agencies).where('active', '=', 1).execute(),
  ]);
  return {
    total: agencies.length,
    usingSystem: distinct([...signingIn, ...documentsIn]),
    exchangingOverAxis: distinct([...axisOut, ...axisIn]),
    signingDigitally: distinct([...keys, ...certificates]),
  };
}

/** §1.10 and §1.11 b: documents whose issue event falls in the period, and their deliveries inside and outside */
async function countIssued(db: Kysely<Database>, agencies: readonly string[], { start, end, months }: ReportPeriod): Promise<Pick<InterconnectionSurvey, 'issued' | 'signedShare'>> {
  const eventsOf = (action: string) => db.selectFrom('document_events').innerJoin('documents', 'documents.id', 'document_events.document_id')
    .select(['documents.id', 'documents.paper_copy', 'documents.secrecy', 'documents.status'])
    .where('document_events.action', '=', action).where('document_events.at', '>=', start).where('document_events.at', '<=', end)
    .where('documents.agency_id', 'in', agencies).where('documents.direction', '=', 'out').execute();
  const [issuedRows, numberedRows] = await Promise.all([eventsOf('issue'), eventsOf('number')]);
  const byId = <T extends { id: string }>(rows: readonly T[]) => [...new Map(rows.map((r) => [r.id, r])).values()];
  const electronic = byId(issuedRows);
  const paperOnly = byId(numberedRows).filter((r) => r.secrecy !== 'thuong' && r.status !== 'cancelled').length;
  const issuedIds = electronic.map((r) => r.id);
  const electronicOnly = electronic.filter((r) => r.paper_copy === 0).length;
  const issued = (signedCount: number): Issued => ({
    total: electronic.length + paperOnly, perMonth: round1((electronic.length + paperOnly) / months),
    electronicOnly, electronicOnlyPerMonth: round1(electronicOnly / months),
    withPaper: electronic.filter((r) => r.paper_copy === 1).length, paperOnly,
    notRecorded: electronic.filter((r) => r.paper_copy === null).length, signed: signedCount,
  });
  if (issuedIds.length === 0) return { issued: issued(0), signedShare: { internal: { signed: 0, total: 0 }, external: { signed: 0, total: 0 } } };
  const [signed, deliveries] = await Promise.all([
    db.selectFrom('document_files').select('document_id').where('document_id', 'in', issuedIds).where('kind', '=', 'signed').execute(),
    db.selectFrom('document_deliveries').select(['document_id', 'kind']).where('document_id', 'in', issuedIds).execute(),
  ]);
  const signedIds = new Set(signed.map((r) => r.document_id));
  const share = (kinds: readonly string[]): Share => {
    const mine = deliveries.filter((d) => kinds.includes(d.kind));
    return { total: mine.length, signed: mine.filter((d) => signedIds.has(d.document_id)).length };
  };
  return {
    issued: issued(issuedIds.filter((id) => signedIds.has(id)).length),
    signedShare: { internal: share(['unit']), external: share(['agency', 'email']) },
  };
}

/** §2.5: status packages the overseen agencies sent back over the axis, and those they received */
async function countStatusFeedback(db: Kysely<Database>, agencies: readonly string[], { start, end }: ReportPeriod): Promise<InterconnectionSurvey['statusFeedback']> {
  const [sent, received] = await Promise.all([
    db.selectFrom('axis_status_outbox').innerJoin('documents', 'documents.id', 'axis_status_outbox.document_id').select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('documents.agency_id', 'in', agencies).where('axis_status_outbox.sent_at', '>=', start).where('axis_status_outbox.sent_at', '<=', end).executeTakeFirstOrThrow(),
    db.selectFrom('axis_statuses').innerJoin('documents', 'documents.id', 'axis_statuses.document_id').select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('documents.agency_id', 'in', agencies).where('axis_statuses.received_at', '>=', start).where('axis_statuses.received_at', '<=', end).executeTakeFirstOrThrow(),
  ]);
  return { sent: Number(sent.n), received: Number(received.n) };
}

/** The survey as the annex's lines, for the XLSX the DIC sends on */
export async function interconnectionSurveyXlsx(survey: InterconnectionSurvey): Promise<ExportedFile> {
  const pct = (part: number, whole: number) => (whole ? `${round1((100 * part) / whole)}%` : '—');
  const perMonth = (s: Share) => `${round1(s.signed / survey.months)}/${round1(s.total / survey.months)}/tháng`;
  const rows: string[][] = [
    ['1.1', 'Số lượng đơn vị đã có Hệ thống QLVBĐH (đang sử dụng trong kỳ)', `${survey.units.usingSystem}/${survey.units.total}`, pct(survey.units.usingSystem, survey.units.total)],
    ['1.1', 'Số lượng đơn vị đã kết nối, liên thông gửi nhận qua trục', String(survey.units.exchangingOverAxis), pct(survey.units.exchangingOverAxis, survey.units.total)],
    ['1.1', 'Số lượng đơn vị đã tích hợp chữ ký số', String(survey.units.signingDigitally), pct(survey.units.signingDigitally, survey.units.total)],
    ['1.3', 'Mã định danh đúng dạng (Thông tư 10/2016/TT-BTTTT)', `${survey.agencyCodes.inQcvnForm}/${survey.agencyCodes.total}`, pct(survey.agencyCodes.inQcvnForm, survey.agencyCodes.total)],
    ['1.10', 'Tổng số văn bản phát hành (bao gồm cả văn bản giấy và văn bản điện tử) trung bình', `${survey.issued.perMonth} văn bản/tháng`,
      `${survey.issued.total} trong ${survey.months} tháng, trong đó ${survey.issued.paperOnly} văn bản mật chỉ phát hành bản giấy`],
    ['1.10', 'Tổng số văn bản phát hành điện tử (không kèm văn bản giấy) trung bình', `${survey.issued.electronicOnlyPerMonth} văn bản/tháng`,
      `${survey.issued.electronicOnly} trong ${survey.months} tháng; ${survey.issued.withPaper} kèm bản giấy${survey.issued.notRecorded ? `; ${survey.issued.notRecorded} chưa ghi nhận có kèm bản giấy hay không` : ''}`],
    ['1.11a', 'Tổng số đơn vị đã được cấp chứng thư số', String(survey.certificates.units), ''],
    ['1.11a', 'Tổng số CBCCVC đã được cấp chứng thư số', String(survey.certificates.persons), ''],
    ['1.11b', 'Văn bản điện tử có chữ ký số trong nội bộ (có ký số/tổng số)', perMonth(survey.signedShare.internal), pct(survey.signedShare.internal.signed, survey.signedShare.internal.total)],
    ['1.11b', 'Văn bản điện tử có chữ ký số với cơ quan bên ngoài (có ký số/tổng số)', perMonth(survey.signedShare.external), pct(survey.signedShare.external.signed, survey.signedShare.external.total)],
    ['2.5', 'Gói tin trạng thái đã phản hồi qua trục / đã nhận', `${survey.statusFeedback.sent} / ${survey.statusFeedback.received}`, ''],
  ];
  const bytes = await tableToXlsx({
    heading: [survey.agencyName, 'BIỂU MẪU CUNG CẤP THÔNG TIN TÌNH HÌNH TRIỂN KHAI GỬI NHẬN VĂN BẢN ĐIỆN TỬ (Phụ lục II, số liệu từ hệ thống)', `Từ ngày ${survey.from} đến ngày ${survey.to}`],
    columns: ['Mục', 'Nội dung', 'Số liệu', 'Tỷ lệ / ghi chú'], widths: [8, 60, 22, 22], rows, sheetName: 'Phụ lục II',
  });
  return { name: `phu-luc-ii-${survey.from}-${survey.to}.xlsx`, contentType: XLSX_TYPE, bytes };
}
