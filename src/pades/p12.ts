/** A signer from a PKCS#12 (.p12/.pfx) file, read by @libpdf/core's P12Signer */
import { P12Signer } from '@libpdf/core';
import { x509 } from '../pki/index.ts';
import type { CmsSigner } from './cms.ts';
import { PadesError } from './pades.errors.ts';

export async function p12Signer(bytes: Uint8Array, password: string): Promise<CmsSigner> {
  let p12: P12Signer;
  try {
    p12 = await P12Signer.create(bytes, password);
  } catch (err) {
    throw new PadesError('PADES_P12_INVALID', { reason: /password|mac|decrypt/i.test((err as Error).message) ? 'sai mật khẩu' : (err as Error).message.slice(0, 120) }, { cause: err });
  }
  const certificate = new x509.X509Certificate(p12.certificate.slice());
  const chain = p12.certificateChain.map((der) => new x509.X509Certificate(der.slice())).filter((c) => c.subject !== certificate.subject || c.serialNumber !== certificate.serialNumber);
  return { certificate, chain, signData: (data) => p12.sign(data, 'SHA-256') };
}
