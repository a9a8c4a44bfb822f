import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * A running server leaves `<DB_PATH>.server.pid` beside its database, so that tools which
 * must not run under it (npm run restore) can refuse. A marker left by a server that died is
 * recognised by its process being gone.
 */
export function serverMarkerPath(dbPath: string): string {
  return `${dbPath}.server.pid`;
}

/** Marks the database as served by this process; returns the function that removes the mark. */
export function markServing(dbPath: string): () => void {
  if (dbPath === ':memory:' || dbPath.startsWith('file:')) return () => {};
  const path = serverMarkerPath(dbPath);
  writeFileSync(path, `${process.pid}\n`);
  return () => {
    if (runningServer(dbPath) === process.pid) rmSync(path, { force: true });
  };
}

/** The process id of a live server on this database, or null. */
export function runningServer(dbPath: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(serverMarkerPath(dbPath), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to another user — still a live server.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
