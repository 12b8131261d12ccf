/** Row types of the tables, as Kysely sees them. Times are ISO 8601 UTC text on both engines. */
export interface AgencyTable {
  id: string;
  code: string;
  name: string;
  short_name: string;
  level: string;
  parent_id: string | null;
  email: string | null;
  created_at: string;
}

export interface UserTable {
  id: string;
  agency_id: string;
  username: string;
  full_name: string;
  email: string | null;
  password_hash: string;
  is_active: number;
  must_change_password: number;
  failed_attempts: number;
  locked_until: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  agency_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface PkiAuthorityTable {
  id: string;
  kind: string;
  parent_id: string | null;
  certificate_pem: string;
  key_pem: string | null;
  key_uri: string | null;
  crl_number: number;
  crl_pem: string | null;
  crl_next_update: string | null;
  crl_stale: number;
  status_revision: number;
  created_at: string;
}

export interface PkiCertificateTable {
  serial: string;
  ca_id: string;
  profile: string;
  subject: string;
  holder_name: string;
  holder_user_id: string | null;
  agency_id: string | null;
  token_serial: string | null;
  not_before: string;
  not_after: string;
  status: string;
  revoked_at: string | null;
  revocation_reason: string | null;
  replaces_serial: string | null;
  certificate_pem: string;
  issued_at: string;
}

export interface PkiTokenTable {
  serial: string;
  label: string;
  model: string | null;
  agency_id: string;
  holder_name: string | null;
  holder_user_id: string | null;
  state: string;
  created_at: string;
  updated_at: string;
}

export interface PkiTokenEventTable {
  id: string;
  token_serial: string;
  from_state: string | null;
  to_state: string;
  handed_by: string | null;
  received_by: string | null;
  witnessed_by: string | null;
  authorisation: string | null;
  note: string | null;
  at: string;
  recorded_by: string | null;
}

export interface RegisterTable {
  id: string;
  agency_id: string;
  direction: string;
  year: number;
  series: string;
  next_number: number;
  created_at: string;
}

export interface RegisterNumberTable {
  register_id: string;
  number: number;
  status: string;
  notation: string | null;
  document_id: string | null;
  reason: string | null;
  taken_at: string;
  taken_by: string | null;
}

export interface DocumentTable {
  id: string;
  agency_id: string;
  direction: string;
  type_code: string;
  subject: string;
  urgency: string;
  secrecy: string;
  status: string;
  number: number | null;
  notation: string | null;
  document_date: string | null;
  sender: string | null;
  signer_name: string | null;
  body_text: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  due_date: string | null;
  lead_handler_id: string | null;
  /** Registration order, for newest-first listings */
  seq: number | null;
  /** The current PDF (blob id) and its name */
  file_blob: string | null;
  file_name: string | null;
  /** An arrival: the issued document it copies, the validation summary (JSON) and the clerk's note */
  source_document_id: string | null;
  arrival_report: string | null;
  arrival_note: string | null;
  /** An arrival over the axis: the hub's message id and the sender's document id */
  axis_message_id: string | null;
  axis_document_id: string | null;
  /** 0 new (null too), 1 revokes, 2 updates, 3 replaces the document named by replaces_document_id */
  business_type: number | null;
  replaces_document_id: string | null;
  /** Issued: 1 a paper copy went too, 0 electronic only, null not recorded (issued before it was asked) */
  paper_copy: number | null;
}

export interface DocumentFileTable {
  document_id: string;
  version: number;
  blob_id: string;
  name: string;
  /** upload, converted, signed, numbered, sealed, arrived */
  kind: string;
  created_by: string | null;
  created_at: string;
}

export interface DocumentRecipientTable {
  document_id: string;
  position: number;
  /** unit (an agency of this installation, target = its id), agency (elsewhere, target = its code), email */
  kind: string;
  target: string;
  name: string;
}

export interface DocumentDeliveryTable {
  id: string;
  document_id: string;
  kind: string;
  target: string;
  /** delivered (an arrival was made), queued (mail or interconnection outbox), sent, failed */
  status: string;
  arrival_id: string | null;
  mail_id: string | null;
  created_at: string;
  updated_at: string;
  /** Over the axis: tries, the next one, the hub's message id and signed receipt (JSON), the last business status */
  attempts: number | null;
  next_attempt_at: string | null;
  last_error: string | null;
  /** The signed package, made once: a retry sends the same bytes, so the hub knows it */
  package_blob: string | null;
  message_id: string | null;
  receipt: string | null;
  business_status: string | null;
  business_status_at: string | null;
}

export interface SigningKeyTable {
  id: string;
  agency_id: string;
  /** null for the organisation's seal key */
  user_id: string | null;
  /** personal or seal */
  purpose: string;
  certificate_serial: string;
  certificate_pem: string;
  chain_pem: string;
  /** PKCS#8, encrypted with the CA passphrase */
  key_pem: string;
  /** The signature or seal image (PNG) */
  image_blob: string;
  seal_diameter_mm: number | null;
  active: number;
  created_at: string;
}

export interface SigningSessionTable {
  id: string;
  document_id: string;
  user_id: string;
  /** The file version the signature was prepared on: a newer one makes it stale */
  base_version: number;
  prepared_blob: string;
  /** JSON: the byte ranges, the signed attributes and the certificates */
  prepared: string;
  expires_at: string;
}

export interface DocumentHandlerTable {
  document_id: string;
  user_id: string;
  kind: string;
  assigned_at: string;
}

export interface DocumentEventTable {
  document_id: string;
  seq: number;
  action: string;
  from_status: string;
  to_status: string;
  actor_id: string | null;
  at: string;
  comment: string | null;
  details: string;
}

export interface DocumentReviewerTable {
  document_id: string;
  position: number;
  user_id: string;
  decision: string | null;
  decided_at: string | null;
}

/** SQLite only: the FTS5 table of folded words; its rowid is the document's sequence */
export interface DocumentSearchTable {
  rowid: number;
  document_id: string;
  words: string;
}

export interface CaseFileTable {
  id: string;
  agency_id: string;
  year: number;
  /** Its number within the agency's year; the code is made from it */
  seq: number;
  code: string;
  title: string;
  /** 'vinh-vien' or a number of years */
  retention: string;
  access_level: string;
  /** ISO 639 codes, comma-separated: 'vi', 'vi,en' */
  language: string;
  /** JSON array of strings */
  keywords: string;
  information_sign: string | null;
  reliability: string;
  /** open or closed */
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface CaseFileDocumentTable {
  case_file_id: string;
  document_id: string;
  position: number;
  /** Pages of the document's PDF when it was added; null without a PDF */
  pages: number | null;
  added_by: string | null;
  added_at: string;
}

export interface SavedSearchTable {
  id: string;
  user_id: string;
  name: string;
  /** JSON: the SearchQuery without paging */
  query: string;
  created_at: string;
  updated_at: string;
}

/** A mail waiting to go, going, sent or given up: JSON lists of recipients and attachments (blob ids) */
export interface MailOutboxTable {
  id: string;
  recipients: string;
  subject: string;
  body_text: string;
  attachments: string;
  document_id: string | null;
  /** 'queued', 'sent' or 'failed'; a queued row with claimed_until ahead is being sent */
  status: string;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  claimed_by: string | null;
  last_error: string | null;
  message_id: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  document_id: string | null;
  /** Makes a notification once-only, e.g. one deadline reminder per user and Vietnam day */
  unique_key: string | null;
  created_at: string;
  read_at: string | null;
}

/** The hub's directory: who may send and receive over the axis, with the certificate they sign with */
export interface HubAgencyTable {
  code: string;
  name: string;
  email: string | null;
  certificate_pem: string;
  /** An online office the hub pushes to; otherwise the office pulls its mailbox */
  push_url: string | null;
  /** Another hub (a province's platform, the national axis) this agency is reached through; for a peer hub, its own address */
  relay_url: string | null;
  /** 1: a peer hub, which relays packages of the agencies it serves (each still signed by its sender) */
  is_hub: number;
  active: number;
  created_at: string;
}

/** The message log: every package as received, kept as evidence */
export interface HubMessageTable {
  id: string;
  sender_code: string;
  /** edoc or status */
  kind: string;
  document_id: string;
  /** SHA-256 of the package, hex */
  digest: string;
  package: Uint8Array;
  timestamp_token: Uint8Array | null;
  /** A status: the message it reports on */
  response_for: string | null;
  status_code: string | null;
  /** OtherInfo/Priority: 0 ordinary … 3 most urgent; urgent ones must arrive at once */
  priority: number;
  received_at: string;
}

/** One recipient of one message: queued → delivered (fetched) → acknowledged or failed */
export interface HubDeliveryTable {
  message_id: string;
  recipient_code: string;
  state: string;
  attempts: number;
  queued_at: string;
  delivered_at: string | null;
  acknowledged_at: string | null;
  failure: string | null;
  /** The last business status (01…06, 02, 13/15/16) this recipient reported for it */
  business_status: string | null;
  business_status_at: string | null;
  /** Handed to the next hub (relay): the message id that hub gave it */
  relay_message_id: string | null;
}

/** A signed request the hub has taken, kept until its signing time leaves the window (a second one is a replay) */
export interface HubRequestReplayTable {
  /** SHA-256 (hex) of the signer's certificate and the signed method, path, time and body digest */
  identity: string;
  agency_code: string;
  expires_at: string;
}

/** Every business status a recipient reported over the axis, for the sender's timeline */
export interface AxisStatusTable {
  document_id: string;
  agency_code: string;
  status_code: string;
  description: string | null;
  reported_at: string;
  received_at: string;
  message_id: string;
}

/** Statuses owed to the sender of an axis arrival, made from the arrival's events and sent once */
export interface AxisStatusOutboxTable {
  document_id: string;
  event_seq: number;
  status_code: string;
  description: string | null;
  at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
}

/** The agency that receives an area's request lists (a district's culture and information office, a province's DIC) */
export interface RequestDeskTable {
  area_agency_id: string;
  desk_agency_id: string;
  set_by: string | null;
  set_at: string;
}

/** A list of one form filed by one agency at one level (unit, district, province) */
export interface RequestBatchTable {
  id: string;
  form_id: string;
  agency_id: string;
  /** unit | district | province */
  level: string;
  /** draft | submitted | merged */
  state: string;
  /** JSON: the form's header (contact person, …), cleaned; "{}" when the form has none */
  header: string;
  /** Where it was submitted (the desk of the level above) and that level; null for the province's own list sent to the CA */
  target_agency_id: string | null;
  target_level: string | null;
  merged_into: string | null;
  /** Bumped by every change; a change made on an older version is refused */
  version: number;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  submitted_at: string | null;
}

/** One row of a form, from its origin to the end: where it is now and in which state */
export interface RequestEntryTable {
  id: string;
  form_id: string;
  batch_id: string;
  origin_batch_id: string;
  origin_agency_id: string;
  /** JSON: the cleaned values (validated by the forms module) */
  data: string;
  /** draft | submitted | returned | approved | done | withdrawn */
  state: string;
  /** Why it was last returned */
  reason: string | null;
  returned_by_agency_id: string | null;
  returned_by_level: string | null;
  /** What the end brought (a certificate serial, an account), set when done */
  outcome: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  /** Its place among the rows added with it (they share created_at): lists are ordered by created_at, row_order */
  row_order: number;
}

/** The tracking history: one event per (batch or entry, version) */
export interface RequestEventTable {
  target_kind: string;
  target_id: string;
  version: number;
  action: string;
  from_state: string | null;
  to_state: string;
  /** The batch the entry was in after the event (for a batch, itself) */
  batch_id: string;
  actor_id: string | null;
  agency_id: string | null;
  at: string;
  reason: string | null;
  /** JSON */
  details: string;
}

export interface Database {
  agencies: AgencyTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  settings: SettingTable;
  pki_authorities: PkiAuthorityTable;
  pki_certificates: PkiCertificateTable;
  pki_tokens: PkiTokenTable;
  pki_token_events: PkiTokenEventTable;
  registers: RegisterTable;
  register_numbers: RegisterNumberTable;
  documents: DocumentTable;
  document_events: DocumentEventTable;
  document_reviewers: DocumentReviewerTable;
  document_handlers: DocumentHandlerTable;
  documents_search: DocumentSearchTable;
  case_files: CaseFileTable;
  case_file_documents: CaseFileDocumentTable;
  saved_searches: SavedSearchTable;
  document_files: DocumentFileTable;
  document_recipients: DocumentRecipientTable;
  document_deliveries: DocumentDeliveryTable;
  signing_keys: SigningKeyTable;
  signing_sessions: SigningSessionTable;
  hub_agencies: HubAgencyTable;
  hub_messages: HubMessageTable;
  hub_deliveries: HubDeliveryTable;
  hub_request_replays: HubRequestReplayTable;
  axis_statuses: AxisStatusTable;
  axis_status_outbox: AxisStatusOutboxTable;
  mail_outbox: MailOutboxTable;
  notifications: NotificationTable;
  request_desks: RequestDeskTable;
  request_batches: RequestBatchTable;
  request_entries: RequestEntryTable;
  request_events: RequestEventTable;
  security_advisories: SecurityAdvisoryTable;
  security_advisory_acks: SecurityAdvisoryAckTable;
  government_certificates: GovernmentCertificateTable;
  official_mailboxes: OfficialMailboxTable;
  official_mailbox_events: OfficialMailboxEventTable;
}

/** A security advisory the DIC published to its province (seed 000 §1) */
export interface SecurityAdvisoryTable {
  id: string;
  /** The province (root agency) whose users it is for */
  root_agency_id: string;
  title: string;
  body: string;
  /** info, warning or critical */
  severity: string;
  published_by: string;
  published_at: string;
  withdrawn_at: string | null;
}

export interface SecurityAdvisoryAckTable {
  advisory_id: string;
  user_id: string;
  acknowledged_at: string;
}

/** A certificate the Government CA issued for a request the DIC sent it, matched to that request on import */
export interface GovernmentCertificateTable {
  /** SHA-256 of the DER, hex */
  fingerprint: string;
  serial: string;
  issuer: string;
  subject: string;
  holder_name: string;
  /** individual or organisation */
  profile: string;
  agency_id: string | null;
  holder_user_id: string | null;
  entry_id: string;
  not_before: string;
  not_after: string;
  certificate_pem: string;
  /** The fingerprint of the certificate a renewal or change brought in its place */
  replaced_by: string | null;
  imported_by: string;
  imported_at: string;
}

/** An official mailbox (thư điện tử công vụ): the registry that gates personal-certificate requests (seed 000) */
export interface OfficialMailboxTable {
  id: string;
  /** Lower case, unique in the installation */
  address: string;
  agency_id: string;
  /** The province (root agency): whether it has started using the registry */
  root_agency_id: string;
  /** person or unit (seed 000's new-mailbox list has both) */
  holder_kind: string;
  holder_name: string;
  holder_user_id: string | null;
  /** active, suspended or revoked */
  state: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  revoked_at: string | null;
}

/** One change of a mailbox's state, at the version it made */
export interface OfficialMailboxEventTable {
  mailbox_id: string;
  version: number;
  at: string;
  actor_id: string | null;
  /** null when the mailbox was recorded */
  from_state: string | null;
  to_state: string;
  reason: string | null;
  /** The request entry (a new- or revoke-mailbox list's row) whose completion made the change */
  entry_id: string | null;
}
