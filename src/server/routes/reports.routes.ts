/** Reports from live data over HTTP: thin, the figures are counted and the XLSX written in office/reports/. */
import type { FastifyInstance } from 'fastify';
import type { Office } from '../../office/index.ts';
import { sendFile } from '../send-file.ts';
import { actorOf, sessionHook } from '../session.ts';

const periodQuery = {
  type: 'object', additionalProperties: false,
  properties: { from: { type: 'string', maxLength: 20 }, to: { type: 'string', maxLength: 20 }, format: { type: 'string', enum: ['json', 'xlsx'] } },
} as const;

export async function reportRoutes(app: FastifyInstance, opts: { office: Office }): Promise<void> {
  const { office } = opts;
  app.addHook('onRequest', sessionHook(office));
  app.get<{ Querystring: { from?: string; to?: string; format?: 'json' | 'xlsx' } }>('/api/reports/interconnection-survey', {
    schema: { tags: ['reports'], summary: 'Phụ lục II: tình hình gửi nhận văn bản điện tử, số liệu từ hệ thống', querystring: periodQuery },
  }, async (req, reply) => {
    const survey = await office.reports.interconnectionSurvey(actorOf(req), { from: req.query.from, to: req.query.to });
    if (req.query.format !== 'xlsx') return survey;
    return sendFile(reply, await office.reports.interconnectionSurveyXlsx(survey));
  });
}
