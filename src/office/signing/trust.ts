/**
 * What the office trusts when it judges a signature: its own CA's root, and the roots an administrator adds
 * (the Government CA's, for documents from other agencies). Revocation data for our own CA is answered in
 * process by its responders; any other URL is fetched over HTTP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { httpFetcher } from '../../pades/index.ts';
import { TrustStore, type RevocationFetcher } from '../../pki/index.ts';
import type { OfficeContext } from '../context.ts';
import type { PkiService } from '../pki/index.ts';
import { BASE_URL_SETTING } from '../pki/authorities.ts';

const OUR_URL = /\/pki\/([a-z0-9-]+)\/(crl|ocsp|cert)$/;

/** `rootsFile`: more roots in a PEM file, read on each use so an operator's addition counts without a restart */
export function createTrust(ctx: OfficeContext, pki: PkiService, rootsFile?: string) {
  return {
    async store(): Promise<TrustStore> {
      const store = new TrustStore();
      const rows = await ctx.db.kysely.selectFrom('pki_authorities').select(['kind', 'certificate_pem']).execute();
      for (const row of rows) {
        if (row.kind === 'root') store.addAnchors(row.certificate_pem);
        else store.addIntermediates(row.certificate_pem);
      }
      if (rootsFile && existsSync(rootsFile)) {
        const pem = readFileSync(rootsFile, 'utf8');
        if (pem.includes('BEGIN CERTIFICATE')) store.addAnchors(pem);
      }
      return store;
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
}

export type Trust = ReturnType<typeof createTrust>;
