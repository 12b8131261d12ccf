/**
 * Long-term validation data (PAdES B-LT): the certificates, CRLs and OCSP responses that prove each
 * signature's chain was good, gathered once online and kept in the document's DSS dictionary so that the
 * signature can be checked years later without the network.
 */
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { TrustStore } from '../pki/index.ts';
import { RevocationChecker, type RevocationFetcher } from '../pki/revocation-check.ts';
import { openPdf } from './placeholder.ts';
import { decodeStream } from './pdf/filters.ts';
import { Name, Stream, type PdfValue } from './pdf/objects.ts';
import { IncrementalUpdate, NewStream, dictOf, withEntries } from './pdf/writer.ts';
import { checkSignedData, type SignedDataCheck } from './validate/signed-data.ts';
import { findSignatures, trimDer } from './validate/signature-fields.ts';

export interface ValidationData {
  readonly certs: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly ocsps: readonly Uint8Array[];
  /** Why some data could not be had, in Vietnamese */
  readonly problems: readonly string[];
}

/** The chain and revocation evidence for every signature, document timestamp and signature timestamp of `pdf` */
export async function collectValidationData(pdf: Uint8Array, trustStore: TrustStore, fetch: RevocationFetcher, now = new Date()): Promise<ValidationData> {
  const certs = new Map<string, Uint8Array>();
  const crls = new Map<string, Uint8Array>();
  const ocsps = new Map<string, Uint8Array>();
  const problems: string[] = [];
  const key = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');
  const checker = new RevocationChecker({ fetch, now: () => now });
  const cover = async (check: SignedDataCheck) => {
    if (!check.signer) return;
    const report = await trustStore.buildChain(check.signer, { at: now, extraCertificates: check.certificates });
    if (!report.ok) {
      problems.push(`${check.signer.subject}: ${report.problem.reason}`);
      return;
    }
    for (const cert of report.chain) certs.set(key(new Uint8Array(cert.rawData)), new Uint8Array(cert.rawData));
    for (let i = 0; i + 1 < report.chain.length; i++) {
      const result = await checker.check(report.chain[i]!, report.chain[i + 1]!);
      if (result.evidence.ocsp) ocsps.set(key(result.evidence.ocsp), result.evidence.ocsp);
      else if (result.evidence.crl) crls.set(key(result.evidence.crl), result.evidence.crl);
      else problems.push(`${report.chain[i]!.subject}: ${result.problems.join('; ') || result.status}`);
    }
  };
  for (const field of findSignatures(openPdf(pdf)).signed) {
    if (!field.contents) continue;
    try {
      const check = checkSignedData(trimDer(field.contents));
      await cover(check);
      if (check.timestampToken) await cover(checkSignedData(check.timestampToken));
    } catch (err) {
      problems.push(`${field.fieldName}: ${(err as Error).message}`);
    }
  }
  return { certs: [...certs.values()], crls: [...crls.values()], ocsps: [...ocsps.values()], problems };
}

/** Appends the DSS (merged with one already there, without duplicates) in an incremental update */
export function addValidationData(pdf: Uint8Array, data: Pick<ValidationData, 'certs' | 'crls' | 'ocsps'>): Uint8Array {
  const update = new IncrementalUpdate(openPdf(pdf));
  const view = update.view;
  const catalogRef = view.trailer.get('Root') as { num: number };
  const dss = view.dict(view.catalog.get('DSS'));
  const merge = (name: string, added: readonly Uint8Array[]): PdfValue[] => {
    const existing = view.array(dss?.get(name)) ?? [];
    const seen = new Set(existing.flatMap((ref) => {
      const s = view.resolve(ref);
      try { return s instanceof Stream ? [createHash('sha256').update(decodeStream(s, view.file.budget)).digest('hex')] : []; } catch { return []; }
    }));
    const refs = [...existing];
    for (const der of added) {
      const digest = createHash('sha256').update(der).digest('hex');
      if (seen.has(digest)) continue;
      seen.add(digest);
      refs.push(update.add(new NewStream(dictOf({ Filter: new Name('FlateDecode') }), deflateSync(der))));
    }
    return refs;
  };
  const newDss = withEntries(dss ?? dictOf({ Type: new Name('DSS') }), { Certs: merge('Certs', data.certs), CRLs: merge('CRLs', data.crls), OCSPs: merge('OCSPs', data.ocsps) });
  update.set(catalogRef.num, withEntries(view.catalog, { DSS: update.add(newDss) }));
  return update.write();
}

