import type { Migration, MigrationProvider } from 'kysely';
import * as accounts from './0001-accounts.ts';

/** Migrations are listed in code, not read from a folder, so they travel inside any bundle. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': accounts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
