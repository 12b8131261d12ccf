import type { Migration, MigrationProvider } from 'kysely';
import * as accounts from './0001-accounts.ts';
import * as pki from './0002-pki.ts';

/** Migrations are listed in code, not read from a folder, so they travel inside any bundle. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': accounts,
  '0002-pki': pki,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
