/** The shapes of the official mailbox registry, as the API returns them. */

export const MAILBOX_STATES = ['active', 'suspended', 'revoked'] as const;
export type MailboxState = (typeof MAILBOX_STATES)[number];

/** Seed 000's new-mailbox list has a part for units and a part for persons */
export const HOLDER_KINDS = ['person', 'unit'] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];

/** What the Vietnamese messages call each state */
export const STATE_NAMES: Readonly<Record<MailboxState, string>> = { active: 'đang dùng', suspended: 'tạm khóa', revoked: 'đã thu hồi' };

export interface Mailbox {
  readonly id: string;
  readonly address: string;
  readonly agencyId: string;
  readonly agencyName: string;
  readonly holderKind: HolderKind;
  readonly holderName: string;
  /** The holder's account in this installation, when there is one */
  readonly holderUserId: string | null;
  readonly holderUsername: string | null;
  readonly state: MailboxState;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revokedAt: string | null;
}

export interface MailboxEvent {
  readonly version: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  /** null: the mailbox was recorded */
  readonly from: MailboxState | null;
  readonly to: MailboxState;
  readonly reason: string | null;
  /** The request entry (a new- or revoke-mailbox list's row) whose completion made the change */
  readonly entry: { readonly id: string; readonly formId: string | null; readonly batchId: string | null } | null;
}

/** An admin's or the DIC's input: anything, checked by the service */
export interface NewMailbox {
  readonly address?: unknown;
  readonly agencyId?: unknown;
  readonly holderName?: unknown;
  readonly holderKind?: unknown;
  readonly holderUserId?: unknown;
  readonly reason?: unknown;
}

export interface MailboxQuery {
  readonly agencyId?: unknown;
  readonly userId?: unknown;
  readonly state?: unknown;
  readonly limit?: unknown;
  readonly offset?: unknown;
}
