/**
 * The typed shape of QCVN 102:2016 packages (specs.md §3). Dates stay strings in the standard's own forms
 * (`yyyy/MM/dd`, `yyyy/MM/dd HH:mm:ss`), so a package parses back to exactly what was built; `dates.ts`
 * converts from and to `Date` in Vietnam time.
 */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_PREFIX = 'edXML';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** From, To, and the reporting agency of a status */
export interface Organization {
  readonly organId: string;
  readonly organizationInCharge?: string;
  readonly organName: string;
  readonly organAdd?: string;
  readonly email?: string;
  readonly telephone?: string;
  readonly fax?: string;
  readonly website?: string;
}

export interface DocumentCode { readonly codeNumber: string; readonly codeNotation: string }
export interface PromulgationInfo { readonly place: string; /** yyyy/MM/dd */ readonly promulgationDate: string }
/** The type code table is *unconfirmed* (specs.md §3): kept as text */
export interface DocumentTypeInfo { readonly type: string; readonly typeName: string; readonly typeDetail?: string }
export interface SignerInfo { readonly competence?: string; readonly position?: string; readonly fullName: string }
export type Priority = 0 | 1 | 2 | 3;
export interface OtherInfo {
  readonly priority: Priority;
  readonly sphereOfPromulgation?: string;
  readonly typerNotation?: string;
  readonly promulgationAmount?: number;
  readonly pageAmount?: number;
  readonly appendixes?: readonly string[];
}
export interface ResponseFor {
  readonly organId: string;
  readonly code: string;
  /** yyyy/MM/dd */
  readonly promulgationDate: string;
  readonly documentId: string;
}

export interface MessageHeader {
  readonly from: Organization;
  readonly to: readonly Organization[];
  readonly code: DocumentCode;
  readonly promulgationInfo: PromulgationInfo;
  readonly documentType: DocumentTypeInfo;
  readonly subject: string;
  readonly content?: string;
  readonly signerInfo: SignerInfo;
  /** yyyy/MM/dd */
  readonly dueDate?: string;
  readonly toPlaces: readonly string[];
  readonly otherInfo: OtherInfo;
  readonly responseFor: readonly ResponseFor[];
  readonly steeringType?: string;
  /** `{OrganId},{yyyy/MM/dd},{number}/{notation}` */
  readonly documentId: string;
}

export interface TraceHeader { readonly organId: string; /** yyyy/MM/dd HH:mm:ss */ readonly timestamp: string }
export interface StaffInfo { readonly department?: string; readonly staff?: string; readonly mobile?: string; readonly email?: string }
/** The element names of ReplacementInfo are *unconfirmed*; they follow the integrators' SDK samples */
export interface ReplacementInfo { readonly documentId: string; readonly organIds: readonly string[] }

/** 0 new, 1 revoke, 2 update, 3 replace */
export type BusinessDocType = 0 | 1 | 2 | 3;
export const BUSINESS_DOC_TYPES = { new: 0, revoke: 1, update: 2, replace: 3 } as const;

/** `Bussiness` (sic) in the standard */
export interface Business {
  readonly docType: BusinessDocType;
  readonly docReason?: string;
  readonly paper?: number;
  readonly staffInfo?: StaffInfo;
  readonly replacementInfoList?: readonly ReplacementInfo[];
}

export interface TraceHeaderList { readonly traceHeaders: readonly TraceHeader[]; readonly business: Business }

export interface Attachment {
  /** A UUID, written `cid:UUID` in the manifest and bare in AttachmentEncoded */
  readonly contentId: string;
  readonly name: string;
  readonly contentType: string;
  readonly description?: string;
  readonly content: Uint8Array;
}

export interface DocumentPackage {
  readonly kind: 'document';
  readonly header: MessageHeader;
  readonly trace: TraceHeaderList;
  readonly attachments: readonly Attachment[];
}

export const STATUS_CODES = {
  '01': 'arrived', '02': 'rejected', '03': 'registered', '04': 'assigned', '05': 'processing', '06': 'completed',
  '13': 'recall-requested', '15': 'recall-accepted', '16': 'recall-refused',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

export interface MessageStatus {
  readonly responseFor: ResponseFor;
  readonly from: Organization;
  readonly statusCode: StatusCode;
  /** Required for 02 (the reason for rejecting) */
  readonly description?: string;
  /** yyyy/MM/dd HH:mm:ss */
  readonly timestamp: string;
  readonly staffInfo: StaffInfo;
}

export interface StatusPackage { readonly kind: 'status'; readonly status: MessageStatus }

export type EdxmlPackage = DocumentPackage | StatusPackage;

/** Refusal limits for hostile input; every one has a default */
export interface EdxmlLimits {
  /** The whole package, bytes (default 64 MiB) */
  readonly maxBytes?: number;
  /** One attachment, decoded bytes (default 40 MiB) */
  readonly maxAttachmentBytes?: number;
  readonly maxAttachments?: number;
  /** Element nesting (default 32; a package needs about 8, the signature 6) */
  readonly maxDepth?: number;
}

export const DEFAULT_LIMITS: Required<EdxmlLimits> = { maxBytes: 64 * 1024 * 1024, maxAttachmentBytes: 40 * 1024 * 1024, maxAttachments: 100, maxDepth: 32 };
