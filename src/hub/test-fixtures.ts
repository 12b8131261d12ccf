/**
 * @internal A hub for the tests of its HTTP face: the edXML test PKI (agencies' certificates and CRLs), a TSA of
 * its own, the hub's receipt key, the agencies registered in its directory, and the Fastify app built as
 * `congvan hub start` builds it. Nothing is replaced: packages are signed and checked, receipts stamped.
 */
import { KeyObject } from 'node:crypto';
import { buildDocumentPackage, signPackage, type DocumentPackage } from '../edxml/index.ts';
import { edxmlPki, samplePackage } from '../edxml/test-fixtures.ts';
import { createOffice } from '../office/index.ts';
import { signRequest } from '../office/axis/request-signature.ts';
import { localTimestampSource } from '../pades/index.ts';
import { createTimestampAuthority, generateKeyPair } from '../pki/index.ts';
import type { Db } from '../store/index.ts';
import { buildHubApp, type HubAppOptions } from './app.ts';
import { replayGuard } from './replays.ts';

export interface TestOrgan { readonly organId: string; readonly organName: string; readonly email?: string }

type Pki = Awaited<ReturnType<typeof edxmlPki>>;
let sharedPki: Promise<Pki> | undefined;

/** `agencies` are registered with a certificate each; `names` registers some under another name (the directory's, not the package's) */
export async function startTestHub(db: Db, options: { agencies: readonly TestOrgan[]; now: () => Date; names?: Readonly<Record<string, string>> } & Omit<HubAppOptions, 'certificatePem' | 'now' | 'replays'>) {
  const pki = await (sharedPki ??= edxmlPki());
  const tsa = await createTimestampAuthority(pki.issuing, { commonName: 'Trục liên thông TSA', organization: 'congvan', keys: await generateKeyPair('ECDSA-P256'), notBefore: new Date(Date.now() - 60_000) });
  const hubAgency = await pki.agency('000.00.00.AXIS', 'Trục liên thông văn bản');
  const hubOn = (on: Db) => createOffice({ db: on, now: options.now }).axis.hub({
    identity: async () => ({ certificate: hubAgency.certificate, key: KeyObject.from(hubAgency.privateKey), timestamp: localTimestampSource(tsa) }),
    trust: async () => pki.trustStore, revocation: pki.revocation(),
  });
  const hub = hubOn(db);
  const agencies = new Map<string, Awaited<ReturnType<Pki['agency']>> & { readonly key: KeyObject }>();
  for (const organ of options.agencies) {
    const issued = await pki.agency(organ.organId, organ.organName);
    agencies.set(organ.organId, { ...issued, key: KeyObject.from(issued.privateKey) });
    await hub.directory.put({ code: organ.organId, name: options.names?.[organ.organId] ?? organ.organName, email: organ.email ?? null, certificatePem: issued.certificate.toString('pem') });
  }
  const certificatePem = hubAgency.certificate.toString('pem');
  const { agencies: _, names: __, ...appOptions } = options;
  const app = await buildHubApp(hub, { ...appOptions, certificatePem, replays: replayGuard(db, options.now) });
  /** The hub started again (a new process) on `on`, the same database opened anew: nothing kept but what it holds */
  const restartOn = async (on: Db) => buildHubApp(hubOn(on), { ...appOptions, certificatePem, replays: replayGuard(on, options.now) });
  const agency = (code: string) => {
    const found = agencies.get(code);
    if (!found) throw new Error(`no test agency ${code}`);
    return found;
  };
  /** The headers of a request signed by `code`, as its office's link signs them */
  const sign = (code: string, method: string, path: string, body?: Uint8Array, at = options.now()) => signRequest({ agency: code, key: agency(code).key, method, path, body, at });
  /** The sample document (samplePackage) from `from` to `to`, signed by `from` */
  const documentPackage = async (from: TestOrgan, to: readonly TestOrgan[], priority: DocumentPackage['header']['otherInfo']['priority'] = 1) => {
    const sample = samplePackage();
    const header = { ...sample.header, from, to, otherInfo: { ...sample.header.otherInfo, priority }, documentId: `${from.organId},2026/03/05,296/UBND-VHTT` };
    return signPackage(buildDocumentPackage({ ...sample, header }), agency(from.organId).signer);
  };
  return { hub, app, certificatePem, agency, sign, documentPackage, restartOn };
}
