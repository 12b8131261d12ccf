/** The edXML engine (QCVN 102:2016): build, parse, sign and verify packages. No HTTP, no database. */
export * from './types.ts';
export { buildPackage, buildDocumentPackage, buildStatusPackage, parsePackage } from './package.ts';
export { edxmlDate, edxmlTimestamp, dateOfTimestamp, documentIdOf, parseDocumentId, isEdxmlDate, isEdxmlTimestamp, isOrganId, type DocumentIdParts } from './dates.ts';
export { EdxmlError, EDXML_MESSAGES, type EdxmlErrorCode } from './edxml.errors.ts';
export { signPackage, keySigner, type XmlSigner } from './sign.ts';
export { verifyPackage, subjectHasOrganId, type VerifyOptions, type VerifiedPackage } from './verify.ts';
export { createVerifyPool, type VerifyPool } from './verify-pool.ts';
export type { XmlSignatureAlgorithm } from './dsig.ts';
