/** The PKI engine: bytes and keys in, bytes out. No HTTP, no database. */
export { crypto, x509, pkijs } from './crypto.ts';
export { toDer, toPem, MAX_DER_BYTES } from './der.ts';
export { KEY_ALGORITHMS, generateKeyPair, exportEncryptedKey, importEncryptedKey, signingAlgorithmOf, type KeyAlgorithm } from './keys.ts';
export { buildName, nameText, parseUid, formatUid, type Identifier, type IdentifierKind, type SubjectFields } from './subject.ts';
export { PROFILES, profileNamed, subjectFieldsOf, checkValidity, type CertificateProfile, type IssueKind, type ProfileName, type SubjectRequest } from './profiles.ts';
export { createRootCa, createIssuingCa, issueCertificate, parseCsr, newSerial, type CaUrls, type CertificateAuthority, type IssueRequest, type NewCa } from './ca.ts';
export { REVOCATION_REASONS, revocationReason, reasonCode, type RevocationReason, type RevokedCertificate } from './revocation.ts';
export { buildCrl, type CrlSpec } from './crl.ts';
export { parseOcspRequest, buildOcspResponse, ocspErrorResponse, normaliseSerial, serialOf, isIssuedBy, type CertificateStatus, type OcspQuery, type OcspAnswer, type OcspErrorStatus } from './ocsp.ts';
export { PkiError, PKI_MESSAGES, type PkiErrorCode } from './pki.errors.ts';
export { createTimestampAuthority, parseTimestampQuery, parseTimestampResponse, respondToTimestampQuery, timestampFailureResponse, DEFAULT_TSA_POLICY, TST_INFO_OID, type TimestampAuthority, type TimestampQuery, type TimestampReply, type TimestampFailure } from './tsa.ts';
export { signingCertificateV2, contentTypeAttribute, messageDigestAttribute } from './signing-certificate.ts';
export { TokenLibrary, TokenSession, PinGuard, DEFAULT_PIN_ATTEMPTS, TOKEN_KEY_ALGORITHMS, TOKEN_HASHES, type TokenInfo, type TokenKeyPair, type TokenKeyAlgorithm, type TokenCertificate, type TokenLibraryOptions } from './token/pkcs11-token.ts';
export { isExternalKey, EXTERNAL_SIGNER, type ExternalKey } from './crypto.ts';
export { TrustStore, readCertificates, readCertificate, fingerprintOf, requireChain, chainError, type ChainReport, type ChainProblem, type ChainCheck, type TrustEntry } from './trust-store.ts';
export { RevocationChecker, type RevocationFetcher, type RevocationResult, type FetchRequest } from './revocation-check.ts';
export { ecdsaRawToDer, digestInfo, type TokenHash } from './token/signature-formats.ts';
