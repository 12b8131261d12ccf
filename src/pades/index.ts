/** The PAdES engine: sign (any level, visible per Decree 30, deferred for tokens) and validate. No HTTP, no database. */
export { signPdf, extendPdf, prepareSignature, completeSignature, pdfDate, PADES_LEVELS, type PadesLevel, type SignOptions, type PreparedSignature } from './sign.ts';
export { signAsPerson, personWidget, sealDocument, resolvePlace, isPersonCertificate, type Place, type SealKind, type SealOptions } from './decree30.ts';
export { localTimestampSource, respondingTimestampSource, httpTimestampSource, addDocumentTimestamp, type TimestampSource } from './timestamp.ts';
export { collectValidationData, addValidationData, type ValidationData } from './ltv.ts';
export { validate, type ValidationReport, type SignatureReport, type ValidateOptions, type Level } from './validate/validate.ts';
export { SUB_INDICATIONS, type Indication, type SubIndication } from './validate/indications.ts';
export { p12Signer } from './p12.ts';
export { tokenSigner } from './token-signer.ts';
export { httpFetcher } from './http-fetcher.ts';
export { PadesError, PADES_MESSAGES, type PadesErrorCode } from './pades.errors.ts';
export type { CmsSigner, CmsCertificates } from './cms.ts';
export { DEFAULT_FONT, fontBytes, type CopyForm, type Rect } from './appearance/appearance.ts';
export { addNumberField, fillNumberField, NUMBER_FIELD, type NumberFieldOptions } from './number-field.ts';
export { pdfText } from './pdfjs.ts';
export { drawPng } from './appearance/draw-png.ts';
