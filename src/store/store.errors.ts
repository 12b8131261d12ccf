import { codedErrorClass, type Catalog } from '../shared/coded-error.ts';

export const STORE_MESSAGES = {
  STORE_DATABASE_URL_INVALID: {
    vi: 'Địa chỉ cơ sở dữ liệu "{url}" không hợp lệ: chỉ hỗ trợ postgres:// hoặc tệp SQLite.',
    en: 'Database URL "{url}" is not valid: only postgres:// or an SQLite file is supported.',
  },
  STORE_DATABASE_UNREACHABLE: {
    vi: 'Không kết nối được cơ sở dữ liệu: {reason}',
    en: 'Cannot reach the database: {reason}',
  },
  STORE_MIGRATION_FAILED: {
    vi: 'Cập nhật cấu trúc cơ sở dữ liệu thất bại ở bước "{migration}": {reason}',
    en: 'Database migration "{migration}" failed: {reason}',
  },
  STORE_BLOB_NOT_FOUND: { vi: 'Không tìm thấy tệp "{id}".', en: 'Blob "{id}" not found.' },
  STORE_BLOB_ID_INVALID: { vi: 'Mã tệp "{id}" không hợp lệ.', en: 'Blob id "{id}" is not valid.' },
} as const satisfies Catalog;

export type StoreErrorCode = keyof typeof STORE_MESSAGES;

export class StoreError extends codedErrorClass('StoreError', STORE_MESSAGES) {}
