/**
 * The hub's own keys: a CA of its own (root, issuing, a TSA that stamps every package it logs) and a device
 * certificate whose key signs the receipts. Made once by `congvan hub init`, kept encrypted under the hub's
 * passphrase, opened at start. The roots it trusts for agencies' certificates are a list an operator keeps.
 */
import { KeyObject } from 'node:crypto';
import { consoleOperator, isAgencyCode, OfficeError, type Office } from '../office/index.ts';
import type { HubIdentity } from '../office/axis/hub.ts';
import { buildName, exportEncryptedKey, generateKeyPair, importEncryptedKey, readCertificates, signingAlgorithmOf, subjectFieldsOf, TrustStore, x509, type SubjectRequest } from '../pki/index.ts';

const IDENTITY = 'hub.identity';
const TRUST = 'hub.trust';
const CODE = 'hub.code';

export async function initHub(office: Office, passphrase: string, baseUrl: string, name = 'Trục liên thông văn bản'): Promise<x509.X509Certificate> {
  const operator = consoleOperator('hub');
  await office.pki.init(operator, { passphrase, baseUrl, keyAlgorithm: 'ECDSA-P256', organization: name });
  const keys = await generateKeyPair('ECDSA-P256');
  const subject: SubjectRequest = { profile: 'device', deviceName: name, agency: name, province: 'Việt Nam' };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: buildName(subjectFieldsOf(subject)), keys, signingAlgorithm: signingAlgorithmOf(keys.privateKey) });
  const issued = await office.pki.issue(operator, { csr: new Uint8Array(csr.rawData), profile: 'device', subject, years: 5 });
  await office.settings.put(IDENTITY, JSON.stringify({ certificate: issued.pem, key: exportEncryptedKey(keys.privateKey, passphrase) }));
  return new x509.X509Certificate(issued.pem);
}

export async function openIdentity(office: Office, passphrase: string): Promise<HubIdentity> {
  const stored = await office.settings.get(IDENTITY);
  if (!stored) throw new Error('Trục chưa được khởi tạo: chạy "congvan hub init" trước.');
  await office.pki.unlock(passphrase);
  const { certificate, key } = JSON.parse(stored) as { certificate: string; key: string };
  const privateKey: KeyObject = KeyObject.from(await importEncryptedKey(key, passphrase));
  return {
    certificate: new x509.X509Certificate(certificate), key: privateKey,
    // Each token is kept in the message row it stamps, written with its audit entry (office/axis/hub.ts)
    timestamp: (imprint) => office.pki.responders.stampFor(imprint),
  };
}

/** The code this hub signs its requests to other hubs with (they register it as a peer under it) */
export async function hubCode(office: Office): Promise<string | undefined> {
  return (await office.settings.get(CODE)) ?? undefined;
}

export async function setHubCode(office: Office, code: string): Promise<void> {
  if (!isAgencyCode(code)) throw new OfficeError('OFFICE_AXIS_AGENCY_INVALID', { field: 'code', reason: `mã định danh "${String(code).slice(0, 40)}"` });
  await office.settings.put(CODE, code);
}

/** The roots whose certificates the hub accepts from agencies */
export async function trustedRoots(office: Office): Promise<string[]> {
  return JSON.parse((await office.settings.get(TRUST)) ?? '[]') as string[];
}

export async function addTrustedRoot(office: Office, pem: string): Promise<number> {
  const roots = await trustedRoots(office);
  for (const certificate of readCertificates(pem)) {
    const text = certificate.toString('pem');
    if (!roots.includes(text)) roots.push(text);
  }
  await office.settings.put(TRUST, JSON.stringify(roots));
  return roots.length;
}

/** The roots as a store, made again only when the list an operator keeps has changed (read on each call) */
export function trustStoreOf(office: Office): () => Promise<TrustStore> {
  let last: { list: string; store: TrustStore } | undefined;
  return async () => {
    const list = (await office.settings.get(TRUST)) ?? '[]';
    if (last?.list !== list) {
      const store = new TrustStore();
      for (const pem of JSON.parse(list) as string[]) store.addAnchors(pem);
      last = { list, store };
    }
    return last.store;
  };
}
