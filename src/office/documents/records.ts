/** Records work on documents: registers exported as files, case files (hồ sơ) and saved searches. */
import type { OfficeContext } from '../context.ts';
import { createRegisterExportService } from './register-export.ts';

export function createRecordServices(ctx: OfficeContext) {
  return {
    registers: createRegisterExportService(ctx),
  };
}

export type { ExportedFile } from './table-export.ts';
export { EXPORT_FORMATS, type ExportFormat, type RegisterExportQuery } from './register-export.ts';
