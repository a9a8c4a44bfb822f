import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadReference } from '../src/db/reference.js';
import { openDatabase } from '../src/db/sqlite.js';
import { createMailer } from '../src/mail/mailer.js';
import { BackgroundTasks } from '../src/lib/background.js';
import { OffLoop } from '../src/lib/off-loop.js';

/** A fresh database file (WAL), for tests where several connections or nodes share one database. */
export function sharedDatabaseFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'lagportal-nodes-')), 'shared.db');
}

/**
 * One app node on the database file `path`: its own connection, mailer, background tasks and
 * response cache, as a second server process would have; only the file is shared.
 */
export async function nodeOn(path: string, env: Record<string, string>, clock: () => Date) {
  const { db, sqlite } = await openDatabase(path);
  const config = loadConfig({ DEMO_DATA: '0', BASE_URL: 'https://lag.example.no', LOGIN_SLOWDOWN_MS: '0', ...env });
  const logger = pino({ level: 'silent' });
  const outboxDir = mkdtempSync(join(tmpdir(), 'lagportal-outbox-'));
  const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir, logger, clock });
  const background = new BackgroundTasks(logger);
  const offLoop = new OffLoop();
  const app = await createApp({ db, config, logger, mailer, clock, background, offLoop });
  const close = async () => {
    await background.idle();
    await offLoop.close();
    await mailer.close();
    sqlite.close();
  };
  return { app, db, reference: await loadReference(db), background, close };
}
