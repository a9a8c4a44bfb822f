import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Reference } from './db/reference.js';
import type { DB } from './db/sqlite.js';
import type { StaffUser } from './db/users.js';
import type { Translator } from './i18n/index.js';
import type { BackgroundTasks } from './lib/background.js';
import type { OffLoop } from './lib/off-loop.js';
import type { Mailer } from './mail/mailer.js';
import type { CacheSlot, ResponseCache } from './lib/response-cache.js';
import type { Metrics } from './lib/metrics.js';
import type { Assets } from '../views/layout.js';

/** What the app is built from; tests pass their own database, clock and a silent logger. */
export interface AppDeps {
  db: DB;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  clock?: () => Date;
  /** Work finished after the response; made by createApp when not given. */
  background?: BackgroundTasks;
  /** The worker thread that fetches and parses other sites' content (link checks); made by createApp when not given. */
  offLoop?: OffLoop;
  /**
   * The response cache (RESPONSE_CACHE=on); made by createApp when not given. The server
   * passes its own, to answer hits before the app is involved.
   */
  responseCache?: ResponseCache | null;
  /** What /metrics reports; made by createApp when not given (the server passes its own, to count cached answers too). */
  metrics?: Metrics;
}

/** Dependencies plus what createApp derives from them once, shared by every route module. */
export interface AppContext extends Required<AppDeps> {
  reference: Reference;
  assets: Assets;
  /** Signs form tokens and keys the rate limit; made once and kept in the database. */
  secret: string;
}

/** A moderator or admin with a valid session. */
export interface SignedInUser extends StaffUser {
  /** The session's CSRF token; every state-changing form in the moderator area carries it. */
  csrfToken: string;
}

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    tr: Translator;
    requestId: string;
    /** Set by the auth middleware when the request carries a valid session. */
    user?: SignedInUser;
    /** Set by the response cache on a miss it could store; a cacheable() route fills it in. */
    cacheSlot?: CacheSlot;
  };
}
