/** An external program the office runs (soffice, ocrmypdf): where it is on this machine. */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The program named by the environment variable `override` when it is set (undefined if that file is not there:
 * a wrong setting is not silently replaced by whatever PATH holds), else the first `name` found on PATH.
 */
export function findProgram(name: string, override: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env[override];
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
