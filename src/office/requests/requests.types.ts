/** The shapes of administration requests (issue 7): lists of one form (batches) and their rows (entries). */
import type { CleanEntry, FormValidationOptions, MailboxLookup } from '../forms/index.ts';
import type { Actor } from '../actor.ts';
import type { Work } from './work.ts';

const BATCH_LEVELS = ['unit', 'district', 'province'] as const;
export type BatchLevel = (typeof BATCH_LEVELS)[number];
export type UpperLevel = Exclude<BatchLevel, 'unit'>;

/** draft: its agency is filling it; submitted: waiting at the level above (the province's: sent to the CA); merged: carried into the level above's list */
export type BatchState = 'draft' | 'submitted' | 'merged';
/** returned: back at its origin with a reason, to correct and resubmit or withdraw */
export type EntryState = 'draft' | 'submitted' | 'returned' | 'approved' | 'done' | 'withdrawn';

export interface RequestBatch {
  readonly id: string;
  readonly formId: string;
  readonly agencyId: string;
  readonly level: BatchLevel;
  readonly state: BatchState;
  readonly header: CleanEntry;
  readonly targetAgencyId: string | null;
  readonly targetLevel: UpperLevel | null;
  readonly mergedInto: string | null;
  readonly version: number;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedBy: string | null;
  readonly updatedAt: string;
  readonly submittedAt: string | null;
}

export interface RequestEntry {
  readonly id: string;
  readonly formId: string;
  readonly batchId: string;
  readonly originBatchId: string;
  readonly originAgencyId: string;
  readonly values: CleanEntry;
  readonly state: EntryState;
  readonly reason: string | null;
  readonly returnedByAgencyId: string | null;
  readonly outcome: string | null;
  readonly version: number;
  readonly createdBy: string | null;
  readonly updatedBy: string | null;
  readonly updatedAt: string;
}

/** A batch with its live entries (withdrawn ones left out) */
export interface BatchView extends RequestBatch {
  readonly entries: readonly RequestEntry[];
}

/** What the user saw: the id and the version it had */
export interface Seen {
  readonly id: string;
  readonly version: number;
}

/** One step of a request's (or a list's) history */
export interface TimelineEvent {
  readonly version: number;
  readonly action: string;
  readonly from: string | null;
  readonly to: string;
  readonly batchId: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly agencyId: string | null;
  readonly at: string;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * The seam to the certificate authority (issue 7's next piece): it receives the entries the DIC approved, after
 * they are committed. With congvan's own CA it issues, renews, changes or revokes through the PKI engine; with the
 * Government CA it exports them. Entries approved but not yet done are listed by `pendingApproved`, so a failed
 * hand-over is retried from there rather than lost.
 */
export type ApprovedEntrySink = (entries: readonly RequestEntry[]) => Promise<void>;

export interface RequestOptions extends Omit<FormValidationOptions, 'today'> {
  /** Seed 000: personal certificates only for holders of an official mailbox; by default an active user with that e-mail */
  readonly hasOfficialMailbox?: MailboxLookup;
  readonly onApproved?: ApprovedEntrySink;
  /**
   * Run inside the transaction that marks an entry done, once it is written: what the completion changes elsewhere (a
   * mailbox recorded or revoked, an account disabled). A throw refuses the whole mark-done, so nothing is half-done.
   */
  readonly onDone?: (w: Work, entry: RequestEntry, actor: Actor) => Promise<void>;
}
