/** Boots a hub: its database, its identity, HTTP. Several hub processes may share one PostgreSQL database. */
import type { FastifyInstance } from 'fastify';
import { createOffice } from '../office/index.ts';
import type { Hub } from '../office/axis/hub.ts';
import type { AppConfig } from '../server/config.ts';
import { migrateToLatest, openDatabase, openDiskBlobStore } from '../store/index.ts';
import { join } from 'node:path';
import { buildHubApp } from './app.ts';
import { httpFetcher } from '../pades/index.ts';
import { RevocationChecker } from '../pki/index.ts';
import { createVerifyPool, type VerifyPool } from '../edxml/index.ts';
import { hubCode, openIdentity, trustStoreOf } from './identity.ts';
import { startRounds, type Rounds } from '../shared/rounds.ts';
import { httpTransport } from '../office/index.ts';
import { httpPushNotifier } from './push.ts';
import { replayGuard } from './replays.ts';

const RELAY_MS = 2_000;

export interface RunningHub { readonly app: FastifyInstance; readonly hub: Hub; readonly url: string; close(): Promise<void> }

export async function startHub(config: AppConfig): Promise<RunningHub> {
  const db = openDatabase(config.database);
  let pool: VerifyPool | undefined;
  let relayRounds: Rounds | undefined;
  try {
    await migrateToLatest(db);
    const office = createOffice({ db, blobs: openDiskBlobStore(join(config.dataDir, 'blobs')) });
    if (!config.caPassphrase) throw new Error('Cần cụm mật khẩu của trục: đặt CONGVAN_CA_PASSPHRASE hoặc CONGVAN_CA_PASSPHRASE_FILE.');
    const identity = await openIdentity(office, config.caPassphrase);
    // Roots are read on each send: one added by the operator counts without a restart
    // A sender's certificate is checked against its CA's CRL or OCSP (answers cached within their validity)
    // Packages' XML signatures are checked on worker threads, one per core: the event loop keeps serving
    pool = createVerifyPool();
    // Online offices are told at once that a message waits (they fetch it themselves); the log is the app's, made below
    let app: FastifyInstance | undefined;
    const push = httpPushNotifier((details, message) => app?.log.warn(details, message));
    // Packages for agencies behind other hubs are handed over in rounds: every few seconds, and at once when one is queued
    const relay = office.axis.relay({ self: () => hubCode(office), transport: (url) => httpTransport(url, async () => identity.key) });
    relayRounds = startRounds(() => relay.runOnce(), RELAY_MS, (err) => app?.log.warn({ err }, 'relay round failed'));
    const hub = office.axis.hub({ identity: async () => identity, trust: trustStoreOf(office), revocation: new RevocationChecker({ fetch: httpFetcher() }), verify: pool.verify, push, relayWake: relayRounds.wake });
    app = await buildHubApp(hub, { logLevel: config.logLevel, certificatePem: identity.certificate.toString('pem'), dashboardToken: config.hubDashboardToken, replays: replayGuard(db) });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    return { app, hub, url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`, close: async () => { await relayRounds?.stop(); await app!.close(); await pool?.close(); await db.close(); } };
  } catch (err) {
    await relayRounds?.stop();
    await pool?.close();
    await db.close();
    throw err;
  }
}
