/** Monthly statistics over HTTP: thin, the figures are counted and the files written in office/reports/. */
import type { FastifyInstance } from 'fastify';
import type { Office } from '../../office/index.ts';
import { sendFile } from '../send-file.ts';
import { actorOf, sessionHook } from '../session.ts';

interface MonthlyQuery { from?: string; to?: string; format?: 'json' | 'xlsx' | 'pdf' }

// The months themselves (real, in order, at most 36) are the office's to judge, with its Vietnamese message
const monthlyQuery = {
  type: 'object', additionalProperties: false,
  properties: { from: { type: 'string', maxLength: 20 }, to: { type: 'string', maxLength: 20 }, format: { type: 'string', enum: ['json', 'xlsx', 'pdf'] } },
} as const;

export async function statisticsRoutes(app: FastifyInstance, opts: { office: Office }): Promise<void> {
  const { office } = opts;
  app.addHook('onRequest', sessionHook(office));
  app.get<{ Querystring: MonthlyQuery }>('/api/reports/monthly', {
    schema: { tags: ['reports'], summary: 'Thống kê hằng tháng: văn bản đến, văn bản đi, hạn xử lý, đề nghị hành chính', querystring: monthlyQuery },
  }, async (req, reply) => {
    const statistics = await office.reports.monthlyStatistics(actorOf(req), { from: req.query.from, to: req.query.to });
    const format = req.query.format ?? 'json';
    return format === 'json' ? statistics : sendFile(reply, await office.reports.monthlyStatisticsFile(statistics, format));
  });
}
