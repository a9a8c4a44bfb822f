import { serve } from '@hono/node-server';
import { type IncomingMessage, type RequestListener, type Server as HttpServer, type ServerOptions, type ServerResponse, createServer } from 'node:http';
import { Server as NetServer } from 'node:net';
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { countAssociations, warmCaches } from './db/associations.js';
import { loadReference } from './db/reference.js';
import { prepareSearch } from './db/search-vocabulary.js';
import { DatabaseStartError, openConfiguredDatabase } from './db/open.js';
import { DEMO_SIZE, seedDemoData } from './demo/seed.js';
import { configuredMailer } from './mail/mailer.js';
import { BackgroundTasks } from './lib/background.js';
import { ResponseCache, answerFromCache } from './lib/response-cache.js';
import { changeFeedFor } from './lib/change-feed.js';
import { CACHED_ROUTE, Metrics } from './lib/metrics.js';
import { markServing } from './lib/server-marker.js';
import { startingResponse } from './routes/health.js';
import { benchStats } from './lib/bench-stats.js';

/** How long SIGTERM waits for requests in flight before stopping anyway (exit code 1). */
const DRAIN_LIMIT_MS = 10_000;
/** How long an idle kept-alive connection is left open after SIGTERM. */
const IDLE_GRACE_MS = 2_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = pino({ level: config.logLevel });

  // Listen first, so that a load balancer sees this node alive but not ready (/readyz 503)
  // while migrations and the demo data run, instead of a refused connection.
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  let cache: ResponseCache | null = null;
  let metrics: Metrics | null = null;
  let starting = { code: 'migrating', message: 'database migrations are running' };
  // Set by SIGTERM: /readyz answers 503 and every answer closes its connection, so that a
  // request arriving on a kept-alive connection during the drain is the last one on it.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const answer = (request: IncomingMessage, response: ServerResponse, listener: RequestListener) => {
    inFlight.add(response);
    response.on('close', () => inFlight.delete(response));
    if (draining) {
      response.setHeader('Connection', 'close');
      if (request.url === '/readyz' || request.url?.startsWith('/readyz?')) {
        const body = JSON.stringify({
          status: 'unavailable',
          reasons: [{ code: 'stopping', message: 'the server is stopping; finishing requests in flight' }],
        });
        response.writeHead(503, {
          'Content-Type': 'application/json; charset=UTF-8',
          'Cache-Control': 'no-store',
          'Content-Length': String(Buffer.byteLength(body)),
        });
        response.end(body);
        return;
      }
    }
    if (cache) {
      const started = process.hrtime.bigint();
      if (answerFromCache(cache, request, response)) {
        metrics?.observeRequest(request.method === 'HEAD' ? 'HEAD' : 'GET', CACHED_ROUTE, 200, Number(process.hrtime.bigint() - started) / 1e9);
        return;
      }
    }
    listener(request, response);
  };
  const server = serve(
    {
      fetch: (request, env) => app?.fetch(request, env) ?? startingResponse(new URL(request.url).pathname, starting),
      port: config.port,
      hostname: config.host,
      // A cached page is written out before Hono builds a request for it.
      createServer: ((options: ServerOptions, listener: RequestListener) =>
        createServer(options, (request, response) => answer(request, response, listener))) as typeof createServer,
    },
    (info) => logger.info({ address: info.address, port: info.port }, 'listening; not ready until the database is up to date'),
  );

  let opened;
  try {
    // While another process writes the file (a long import), the server waits, answering
    // /healthz and /readyz (503, migrating) meanwhile.
    opened = await openConfiguredDatabase(config, { waitForWriters: true });
  } catch (error) {
    if (error instanceof DatabaseStartError) fail(error.message);
    throw error;
  }
  const { db, close: closeDatabase } = opened;
  const unmarkServing = opened.dialect === 'sqlite' ? markServing(config.dbPath) : () => {};
  const reference = await loadReference(db);
  const unknownRegions = config.regions.filter((slug) => !reference.regions.some((r) => r.slug === slug));
  if (unknownRegions.length > 0) {
    fail(
      `Invalid configuration:\n  REGIONS names unknown region(s) ${unknownRegions.join(', ')}; ` +
        `known regions are ${reference.regions.map((r) => r.slug).join(', ')}`,
    );
  }

  if (config.demoData && (await countAssociations(db)) === 0) {
    starting = { code: 'demo_data', message: 'the empty database is being filled with demo data' };
    const stored = await seedDemoData(db, reference, { count: DEMO_SIZE, scope: 'regions', now: new Date() });
    logger.info({ stored }, 'filled the empty database with demo associations (DEMO_DATA=0 starts empty)');
  }

  const mailer = configuredMailer(config, db, logger);
  const background = new BackgroundTasks(logger);
  // The response cache follows this node's change feed: SQLite's data_version, read per
  // request; on PostgreSQL LISTEN/NOTIFY on one connection of its own, synced after each of
  // this node's writes. The node is not ready until the feed listens; should the
  // feed's connection drop later, pages are rendered every time until it is back (correct,
  // only slower), so readiness is not taken away for it: the feed logs and reconnects.
  let responseCache: ResponseCache | null = null;
  if (config.responseCache) {
    const feed = await changeFeedFor(db, {
      onError: (error) => logger.warn({ err: error }, 'the change feed lost its database connection; pages are not cached until it is back'),
    });
    if (opened.dialect === 'postgres') {
      const before = starting;
      starting = { code: 'change_feed', message: "waiting to listen for the database's change notifications" };
      await feed.ready();
      starting = before;
    }
    responseCache = new ResponseCache(db, Date.now, { feed });
  }
  // Without prom-client's process metrics: turned on, they kept the start-up test from seeing
  // the server answer while it waits for the database (not investigated further yet).
  const appMetrics = new Metrics(db);
  const built = await createApp({ db, config, logger, mailer, background, responseCache, metrics: appMetrics });
  await warmCaches(db);
  starting = { code: 'search', message: 'the search vocabulary is being built' };
  await prepareSearch(db);
  const writeBenchStats = config.benchStatsFile ? benchStats(config.benchStatsFile, () => responseCache?.stats() ?? null) : () => {};
  app = built;
  cache = responseCache;
  metrics = appMetrics;
  logger.info({ db: opened.location }, `Lagportal is listening on ${config.baseUrl}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    draining = true;
    logger.info({ signal }, 'stopping: not ready any more, no new connections, finishing requests in flight');
    // Stops accepting connections and calls back once every open one has closed. net's
    // close, not http's: http's also cuts kept-alive connections that are idle right now,
    // and a load balancer holding one would never hear /readyz say 503. Each answer from
    // now on closes its connection.
    for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    // A kept-alive connection that stays idle is closed after a short grace, in which a
    // balancer polling on it hears 503.
    setTimeout(() => (server as HttpServer).closeIdleConnections(), IDLE_GRACE_MS).unref();
    NetServer.prototype.close.call(server, async () => {
      writeBenchStats();
      unmarkServing();
      await background.idle();
      await mailer.close();
      await closeDatabase();
      logger.info('stopped');
      process.exit(0);
    });
    setTimeout(() => {
      logger.warn(`requests still open after ${DRAIN_LIMIT_MS / 1000} s; stopping anyway`);
      unmarkServing();
      void closeDatabase();
      process.exit(1);
    }, DRAIN_LIMIT_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Lagportal could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
