import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Reference } from './db/reference.js';
import type { DB } from './db/sqlite.js';
import type { Translator } from './i18n/index.js';
import type { Mailer } from './mail/mailer.js';
import type { Assets } from '../views/layout.js';

/** What the app is built from; tests pass their own database, clock and a silent logger. */
export interface AppDeps {
  db: DB;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  clock?: () => Date;
}

/** Dependencies plus what createApp derives from them once, shared by every route module. */
export interface AppContext extends Required<AppDeps> {
  reference: Reference;
  assets: Assets;
  /** Signs form tokens and keys the rate limit; made once and kept in the database. */
  secret: string;
}

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    tr: Translator;
    requestId: string;
  };
}
