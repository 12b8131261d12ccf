/** A signer whose key stays on a PKCS#11 token: the certificate is read from the token, every signature is made there. */
import type { TokenSession } from '../pki/index.ts';
import type { x509 } from '../pki/index.ts';
import type { CmsSigner } from './cms.ts';
import { PadesError } from './pades.errors.ts';

export function tokenSigner(session: TokenSession, chain: readonly x509.X509Certificate[] = [], label?: string): CmsSigner {
  const found = session.certificates(label).filter((c) => c.certificate.notAfter > new Date());
  const chosen = found[0];
  if (!chosen) throw new PadesError('PADES_TOKEN_NO_CERTIFICATE', { token: session.token.label });
  return { certificate: chosen.certificate, chain, signData: async (data) => session.sign(chosen.label, 'SHA-256', data) };
}
