/**
 * What the office trusts when it judges a signature: its own CA's root, and the roots an administrator adds
 * (the Government CA's, for documents from other agencies). Revocation data for our own CA is answered in
 * process by its responders; any other URL is fetched over HTTP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { httpFetcher } from '../../pades/index.ts';
import { RevocationChecker, TrustStore, type RevocationFetcher } from '../../pki/index.ts';
import type { OfficeContext } from '../context.ts';
import type { PkiService } from '../pki/index.ts';
import { BASE_URL_SETTING } from '../pki/authorities.ts';

const OUR_URL = /\/pki\/([a-z0-9-]+)\/(crl|ocsp|cert)$/;

/** How long a revocation answer fetched online is believed (at most; less when the answer says it is valid for less) */
const REVOCATION_CACHE_MS = 5 * 60_000;

/**
 * `rootsFile`: more roots in a PEM file, read on each use so an operator's addition counts without a restart. The
 * store is made again only when the certificates or the file have changed: reading them is cheap, parsing them is not.
 */
export function createTrust(ctx: OfficeContext, pki: PkiService, rootsFile?: string) {
  let made: { key: string; store: TrustStore } | undefined;
  let checker: RevocationChecker | undefined;
  const trust = {
    async store(): Promise<TrustStore> {
      const rows = await ctx.db.kysely.selectFrom('pki_authorities').select(['kind', 'certificate_pem']).orderBy('kind').orderBy('certificate_pem').execute();
      const pem = rootsFile && existsSync(rootsFile) ? readFileSync(rootsFile, 'utf8') : '';
      const key = `${rows.map((r) => `${r.kind}\n${r.certificate_pem}`).join('\n')}\n${pem}`;
      if (made?.key === key) return made.store;
      const store = new TrustStore();
      for (const row of rows) {
        if (row.kind === 'root') store.addAnchors(row.certificate_pem);
        else store.addIntermediates(row.certificate_pem);
      }
      if (pem.includes('BEGIN CERTIFICATE')) store.addAnchors(pem);
      made = { key, store };
      return store;
    },

    /**
     * One checker for the office's online revocation checks, so an answer serves every document signed under the
     * same certificate for a few minutes (each arrival from an agency asked its CA's OCSP again for the same
     * certificates: most of an arrival's time).
     */
    revocation(): RevocationChecker {
      checker ??= new RevocationChecker({ fetch: async (request) => (await trust.fetcher())(request), maxAgeMs: REVOCATION_CACHE_MS, now: () => ctx.now() });
      return checker;
    },

    /** Our CA's CRL and OCSP from its responders, others over the network */
    async fetcher(): Promise<RevocationFetcher> {
      const base = (await ctx.db.kysely.selectFrom('settings').select('value').where('key', '=', BASE_URL_SETTING).executeTakeFirst())?.value?.replace(/\/+$/, '');
      const remote = httpFetcher();
      return async (request) => {
        const ours = base && request.url.startsWith(`${base}/pki/`) ? OUR_URL.exec(request.url) : null;
        if (!ours) return remote(request);
        const [, caId, what] = ours;
        if (what === 'crl') return pki.responders.crl(caId!);
        if (what === 'ocsp' && request.body) return pki.responders.ocsp(caId!, request.body);
        return pki.responders.certificate(caId!);
      };
    },
  };
  return trust;
}

export type Trust = ReturnType<typeof createTrust>;
