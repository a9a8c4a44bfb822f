import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/**
 * The command that runs a TypeScript entry point the way the npm scripts do: one node process
 * with tsx as its loader. (The tsx CLI wrapper forwards SIGTERM and SIGKILLs a child that is
 * busy for more than 60 ms, which would defeat a graceful shutdown.) Spawn it with cwd ROOT.
 * @example spawn(...nodeTs('src/server.ts'), { cwd: ROOT })
 */
export function nodeTs(file: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', join(ROOT, file), ...args]];
}
