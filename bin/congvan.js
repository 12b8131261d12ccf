#!/usr/bin/env node
// congvan runs its TypeScript sources directly through tsx: one codebase, no separate build of the server.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv);
