// bench:search — BENCH_DOCS (default 1,000,000) generated Vietnamese documents in one agency, then typical
// searches through office.documents.search on SQLite and on PostgreSQL: p50/p95 per engine, beside the same
// queries as a LIKE scan over the same folded words (what an e-office without an index does), in the same run.
import { sql } from 'kysely';
import { searchTokens } from '../src/shared/fold.ts';
import { DOCUMENT_TYPES } from '../src/office/documents/catalogue.ts';
import type { Db } from '../src/store/index.ts';
import { demoClerk, onBothEngines, type Engine } from './engines.ts';
import { prng } from '../test/helpers/prng.ts';

const DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

const WORDS = ('triển khai chữ ký số chuyên dùng chính phủ cấp chứng thư thu hồi gia hạn thay đổi thông tin thư điện tử công vụ ' +
  'trục liên thông văn bản quốc gia báo cáo kết quả thực hiện kế hoạch năm cải cách hành chính chuyển đổi số ' +
  'đề nghị các cơ quan đơn vị phối hợp tổ chức hội nghị tập huấn bảo đảm an toàn thông tin mạng phòng chống lừa đảo ' +
  'ngân sách nhà nước đầu tư xây dựng hạ tầng kỹ thuật quản lý sử dụng tài sản công đất đai môi trường giáo dục y tế').split(' ');
const SENDERS = ['UBND tỉnh Lai Châu', 'Sở Thông tin và Truyền thông', 'UBND huyện Tam Đường', 'Văn phòng UBND tỉnh', 'Sở Tài chính', 'Bộ Thông tin và Truyền thông'];
const ISSUERS = ['UBND', 'STTTT', 'VPUB', 'STC', 'BTTTT'];


function* documents(agencyId: string) {
  const random = prng(20261126);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const types = DOCUMENT_TYPES.filter((t) => t.abbreviation);
  for (let i = 0; i < DOCS; i++) {
    const type = random() < 0.5 ? DOCUMENT_TYPES.find((t) => t.code === 'cong-van')! : pick(types);
    const subject = `V/v ${Array.from({ length: 6 + Math.floor(random() * 10) }, () => pick(WORDS)).join(' ')}`;
    const number = 1 + Math.floor(random() * 3000);
    const notation = type.abbreviation ? `${number}/${type.abbreviation}-${pick(ISSUERS)}` : `${number}/${pick(ISSUERS)}-VP`;
    const sender = pick(SENDERS);
    const date = new Date(Date.UTC(2020 + Math.floor(random() * 7), Math.floor(random() * 12), 1 + Math.floor(random() * 28))).toISOString().slice(0, 10);
    const words = searchTokens(`${subject} ${notation} ${sender} ${type.name}`).join(' ');
    yield {
      row: { id: `d${i}`, agency_id: agencyId, direction: random() < 0.6 ? 'in' : 'out', type_code: type.code, subject, urgency: 'thuong', secrecy: 'thuong', status: 'registered', number, notation, document_date: date, sender, signer_name: null, body_text: null, created_by: null, created_at: `${date}T00:00:00.000Z`, updated_at: `${date}T00:00:00.000Z`, due_date: null, lead_handler_id: null, seq: i + 1 },
      words,
    };
  }
}

const QUERIES: { q: string; filter?: Record<string, string> }[] = [
  { q: 'chu ky so' }, { q: 'chứng thư số' }, { q: 'trục liên thông' }, { q: 'QĐ-UBND' }, { q: 'bao cao ket qua' },
  { q: 'an toan thong tin', filter: { from: '2025-01-01', to: '2025-12-31' } }, { q: 'thu dien tu cong v' }, { q: 'lua dao', filter: { typeCode: 'cong-van' } },
  { q: '1102' }, { q: 'ngan sach nha nuoc dau tu' },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function load(db: Db, agencyId: string) {
  const started = performance.now();
  const batch: ReturnType<typeof documents> extends Generator<infer T> ? T[] : never = [];
  const flush = async () => {
    if (!batch.length) return;
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('documents').values(batch.map((b) => b.row)).execute();
      if (db.dialect === 'sqlite') {
        for (const b of batch) await sql`insert into documents_search (rowid, document_id, words) values (${b.row.seq}, ${b.row.id}, ${b.words})`.execute(trx);
      } else {
        const ids = batch.map((b) => b.row.id);
        const words = batch.map((b) => b.words);
        await sql`update documents d set search_vector = to_tsvector('simple', w.words) from unnest(${ids}::text[], ${words}::text[]) as w(id, words) where d.id = w.id`.execute(trx);
      }
    });
    batch.length = 0;
  };
  let n = 0;
  for (const doc of documents(agencyId)) {
    batch.push(doc);
    if (batch.length === (db.dialect === 'sqlite' ? 1000 : 500)) {
      await flush();
      n += db.dialect === 'sqlite' ? 1000 : 500;
      if (n % 100_000 === 0) process.stdout.write(`  ${db.dialect}: ${n} documents (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    }
  }
  await flush();
  if (db.dialect === 'postgres') await sql`analyze documents`.execute(db.kysely);
  return (performance.now() - started) / 1000;
}

async function bench({ db }: Engine): Promise<string> {
  const { office, clerk } = await demoClerk(db);
  const seconds = await load(db, clerk.agencyId);
  const ours: number[] = [];
  const like: number[] = [];
  const perQuery = new Map<string, number[]>();
  let hits = 0;
  for (let run = 0; run < RUNS; run++) {
    for (const { q, filter } of QUERIES) {
      let t = performance.now();
      const found = await office.documents.search(clerk, { q, ...filter });
      ours.push(performance.now() - t);
      perQuery.set(q, [...(perQuery.get(q) ?? []), performance.now() - t]);
      hits += found.documents.length;
      if (run < 2) {
        // The peer: the same words matched with LIKE over the folded text, the same order and page
        const tokens = searchTokens(q);
        t = performance.now();
        let query = db.kysely.selectFrom('documents').selectAll().where('agency_id', '=', clerk.agencyId);
        const folded = sql`lower(${sql.ref('subject')} || ' ' || coalesce(${sql.ref('notation')}, '') || ' ' || coalesce(${sql.ref('sender')}, ''))`;
        for (const token of tokens) query = query.where(folded, 'like', `%${token}%`);
        await query.orderBy('document_date', 'desc').limit(20).execute();
        like.push(performance.now() - t);
      }
    }
  }
  ours.sort((a, b) => a - b);
  like.sort((a, b) => a - b);
  // BENCH_VERBOSE=1: the median of each query, to see which ones make the tail
  if (process.env.BENCH_VERBOSE) for (const [q, times] of perQuery) console.log(`    ${db.dialect} "${q}": p50 ${percentile(times.sort((a, b) => a - b), 50).toFixed(1)} ms`);
  const p = (list: number[], n: number) => percentile(list, n).toFixed(1);
  return `  ${(db.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL').padEnd(11)} loaded ${DOCS} in ${seconds.toFixed(0)} s; search p50 ${p(ours, 50)} ms, p95 ${p(ours, 95)} ms (${ours.length} searches, ${hits} results)   LIKE scan p50 ${p(like, 50)} ms, p95 ${p(like, 95)} ms (p95 ${(percentile(like, 95) / percentile(ours, 95)).toFixed(0)}× slower)`;
}

const rows = await onBothEngines(bench);
console.log(`bench:search — ${DOCS} generated Vietnamese documents in one agency; ${QUERIES.length} typical searches × ${RUNS}`);
for (const row of rows) console.log(row);
