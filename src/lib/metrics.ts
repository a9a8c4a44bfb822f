import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppEnv } from '../app-env.js';
import { outboxCounts } from '../db/outbox.js';
import { jobHistory } from '../db/scheduled-jobs.js';
import type { DB } from '../db/sqlite.js';
import type { ResponseCache } from './response-cache.js';

// What /metrics reports, in Prometheus's text format through prom-client. Request counts
// and latencies are per route pattern (/lag/:slug, not every slug), so the number of
// series stays bounded whatever URLs visitors or bots try.

/** What a database pool reports (pg.Pool has these); SQLite has no pool and reports none. */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The label of a request answered by the server's response-cache fast path, before any route ran. */
export const CACHED_ROUTE = '(response cache)';
/** The label of a request no route matched (404s of unknown paths). */
export const UNMATCHED_ROUTE = '(unmatched)';

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private pool: PoolStats | null = null;
  private cache: ResponseCache | null = null;

  /** `processMetrics`: also prom-client's process and Node.js metrics (memory, event loop, CPU); the server turns them on. */
  constructor(
    private readonly db: DB,
    options: { processMetrics?: boolean } = {},
  ) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'lagportal_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'lagportal_http_request_duration_seconds',
      help: 'Time from receiving a request to its response being ready, by route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // prom-client calls collect() with the metric as `this`; an arrow function reaches the app's state.
    const app = () => ({ cache: this.cache, pool: this.pool, db: this.db });
    new Counter({
      name: 'lagportal_response_cache_hits_total',
      help: 'Anonymous public page requests answered from the response cache',
      registers,
      collect() {
        this.reset();
        if (app().cache) this.inc(app().cache!.stats().hits);
      },
    });
    new Counter({
      name: 'lagportal_response_cache_misses_total',
      help: 'Cacheable requests the response cache could not answer (rendered and stored instead)',
      registers,
      collect() {
        this.reset();
        if (app().cache) this.inc(app().cache!.stats().misses);
      },
    });
    new Gauge({
      name: 'lagportal_db_pool_connections',
      help: 'Database pool connections by state (in_use, idle, waiting = requests waiting for one); PostgreSQL only, SQLite has one connection and no pool',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        const pool = app().pool;
        if (!pool) return;
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'lagportal_mail_outbox_messages',
      help: 'Mail in the outbox not delivered: waiting (queued or being retried) and failed (given up after a day)',
      labelNames: ['state'],
      registers,
      async collect() {
        const counts = await outboxCounts(app().db);
        this.set({ state: 'waiting' }, counts.waiting);
        this.set({ state: 'failed' }, counts.failed);
      },
    });
    new Gauge({
      name: 'lagportal_scheduled_job_last_success_timestamp_seconds',
      help: 'When each scheduled job (remind, check-links, digest, ...) last finished without error, on any node; absent until its first success',
      labelNames: ['job'],
      registers,
      async collect() {
        this.reset();
        for (const job of await jobHistory(app().db)) {
          if (job.last_success_at) this.set({ job: job.name }, Date.parse(job.last_success_at) / 1000);
        }
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'lagportal_' });
  }

  /** The response cache whose hits and misses to report. */
  watchCache(cache: ResponseCache | null): void {
    this.cache = cache;
  }

  /** The database pool to report (PostgreSQL's); without one no pool series are written. */
  watchPool(pool: PoolStats | null): void {
    this.pool = pool;
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  /** The whole exposition, in the text format's content type. */
  async exposition(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

// Methods outside this set are counted as OTHER, so a client cannot make up new series.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The pattern of the route (or route-scoped middleware) that answered; never the raw path. */
function answeringRoute(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  try {
    const route = matchedRoutes(c)[c.req.routeIndex];
    const path = route?.path;
    return path && path !== '*' && path !== '/*' ? path : UNMATCHED_ROUTE;
  } catch {
    return UNMATCHED_ROUTE;
  }
}

/** Counts and times every request the app answers, by its route pattern. */
export function requestMetrics(metrics: Metrics, cachedRoute = CACHED_ROUTE): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
      // An error that escaped every handler is answered 500 by onError.
      const route = c.res.headers.get('x-cache') === 'hit' ? cachedRoute : answeringRoute(c);
      metrics.observeRequest(method, route, c.error ? 500 : c.res.status, seconds);
    }
  };
}

/**
 * Who may read /metrics: whoever sends `Authorization: Bearer <METRICS_TOKEN>`. Internals
 * (traffic per route, queue sizes, job times) are not for everyone on a public site; with
 * no token configured the path does not exist. A bearer token rather than "from localhost
 * only", because behind a reverse proxy on the same machine every visitor comes from localhost.
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined): 'ok' | 'off' | 'unauthorized' {
  if (!token) return 'off';
  const given = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!given) return 'unauthorized';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'unauthorized';
}
