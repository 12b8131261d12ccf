/**
 * Administration requests (issue 7, second piece): the seeds' request forms filed as lists by a unit, merged by
 * the district's culture and information office, consolidated by the province's DIC, returned with a reason at any
 * level, approved and marked done by the DIC. No HTTP here; the CA is reached through `onApproved`.
 */
import type { AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { createBatchService } from './batches.service.ts';
import { createDecisionService } from './decisions.service.ts';
import { createDeskService } from './desks.ts';
import { createEntryService } from './entries.service.ts';
import { mergeBatches, type MergeInput } from './merge.service.ts';
import { createRequestQueries } from './queries.ts';
import type { RequestOptions } from './requests.types.ts';
import type { Actor } from '../actor.ts';
import { createBatchDocuments, type BatchLetterDeps } from './batch-documents.ts';
import { createFiledEntries } from './filed-entries.ts';

/** `letters`: the office's signing, for the lists' covering letters (without it only the XLSX list is made) */
export function createRequestService(ctx: OfficeContext, scope: AgencyScope, options: RequestOptions, letters?: BatchLetterDeps) {
  const rc = { ctx, scope, options };
  return {
    batches: { ...createBatchService(rc), merge: (actor: Actor, input: MergeInput) => mergeBatches(rc, actor, input) },
    entries: createEntryService(rc),
    decisions: createDecisionService(rc),
    desks: createDeskService(rc),
    queries: createRequestQueries(rc),
    /** A list as XLSX, and its signed covering letter made when it is sent on */
    documents: createBatchDocuments(rc, letters),
    /** The requests filed in a list, wherever they are now */
    filed: createFiledEntries(rc),
  };
}

export type RequestService = ReturnType<typeof createRequestService>;
export type { MergeInput } from './merge.service.ts';
export { formProblemsOf } from './clean-input.ts';
export { type ApprovedEntrySink, type BatchLevel, type BatchState, type BatchView, type EntryState, type RequestBatch, type RequestEntry, type RequestOptions, type Seen, type TimelineEvent } from './requests.types.ts';
export type { BatchDocuments, BatchLetterDeps, BatchLetterInfo } from './batch-documents.ts';
export type { FiledEntry } from './filed-entries.ts';
export { createCaDesk, type Approval, type CaDesk, type CarryReport, type RequestCa } from './ca-desk.ts';
export { createOwnCaDesk, type OwnCaDesk } from './ca-own.ts';
export type { CarryResult, OwnCaOptions } from './ca-own-context.ts';
export type { HandedOver, HandOver } from './ca-own-tokens.ts';
export type { ActionResult, CaSettings, KeyBundle } from './ca-actions.ts';
export { runRenewalReminders, type RenewalReminder } from './ca-renewal-reminders.ts';
export { createGovernmentCaDesk, type GovernmentCaDesk, type GovernmentCertificate, type ImportReport, type ImportedCertificate, type RefusedCertificate } from './ca-government.ts';
