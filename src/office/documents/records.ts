/** Records work on documents: registers exported as files, case files (hồ sơ) and saved searches. */
import type { OfficeContext } from '../context.ts';
import { createCaseFileExportService } from './case-file-export.ts';
import { createCaseFileService } from './case-files.ts';
import { createRegisterExportService } from './register-export.ts';
import { createSavedSearchService } from './saved-searches.ts';

export function createRecordServices(ctx: OfficeContext) {
  return {
    registers: createRegisterExportService(ctx),
    caseFiles: { ...createCaseFileService(ctx), ...createCaseFileExportService(ctx) },
    savedSearches: createSavedSearchService(ctx),
  };
}

export type { ExportedFile } from './table-export.ts';
export { EXPORT_FORMATS, type ExportFormat, type RegisterExportQuery } from './register-export.ts';
export { ACCESS_LEVELS, RELIABILITY_LEVELS, RETENTION_PERMANENT, type CaseFile, type CaseFileChanges, type NewCaseFile } from './case-file-model.ts';
export type { CaseFileEntry } from './case-files.ts';
export { MAX_SAVED_SEARCHES, type SavedQuery, type SavedSearch } from './saved-searches.ts';
