import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The arguments `npm start` gives node after its build step ("… && node <flags> dist/server.js"),
 * read from package.json, so that the bench measures and the server test starts exactly what
 * `npm start` runs. Throws when the start script has another shape.
 */
export function npmStartArguments(root: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = scripts.start?.split('&&').pop()?.trim().split(/\s+/) ?? [];
  if (command[0] !== 'node' || command.length < 2) throw new Error(`npm start is not "… && node …": ${scripts.start}`);
  return command.slice(1);
}
