import { serve } from '@hono/node-server';
import { writeFileSync } from 'node:fs';
import { type RequestListener, type ServerOptions, createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { countAssociations, warmCaches } from './db/associations.js';
import { loadReference } from './db/reference.js';
import { DatabaseStartError, openConfiguredDatabase } from './db/open.js';
import { DEMO_SIZE, seedDemoData } from './demo/seed.js';
import { createMailer } from './mail/mailer.js';
import { BackgroundTasks } from './lib/background.js';
import { ResponseCache, answerFromCache } from './lib/response-cache.js';
import { markServing } from './lib/server-marker.js';
import { startingResponse } from './routes/health.js';

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
  let starting = { code: 'migrating', message: 'database migrations are running' };
  const server = serve(
    {
      fetch: (request, env) => app?.fetch(request, env) ?? startingResponse(new URL(request.url).pathname, starting),
      port: config.port,
      hostname: config.host,
      // A cached page is written out before Hono builds a request for it.
      createServer: ((options: ServerOptions, listener: RequestListener) =>
        createServer(options, (request, response) => (cache && answerFromCache(cache, request, response)) || listener(request, response))) as typeof createServer,
    },
    (info) => logger.info({ address: info.address, port: info.port }, 'listening; not ready until the database is up to date'),
  );

  let opened;
  try {
    opened = await openConfiguredDatabase(config);
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

  const mailer = createMailer({
    db,
    from: config.mailFrom,
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    keepDays: config.outboxKeepDays,
    logger,
    clock: () => new Date(),
  });
  const background = new BackgroundTasks(logger);
  // The response cache follows SQLite's data_version, read synchronously per request; on
  // PostgreSQL pages are rendered every time until the cache hears of writes from there.
  const responseCache = config.responseCache && opened.dialect === 'sqlite' ? new ResponseCache(db) : null;
  const built = await createApp({ db, config, logger, mailer, background, responseCache });
  await warmCaches(db);
  const writeBenchStats = config.benchStatsFile ? benchStats(config.benchStatsFile) : () => {};
  app = built;
  cache = responseCache;
  logger.info({ db: opened.location }, `Lagportal is listening on ${config.baseUrl}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing requests in flight');
    // close() stops accepting connections and calls back once the open ones have finished.
    server.close(async () => {
      writeBenchStats();
      unmarkServing();
      await background.idle();
      await mailer.close();
      await closeDatabase();
      logger.info('stopped');
      process.exit(0);
    });
    setTimeout(() => {
      logger.warn('requests still open after 10 s; stopping anyway');
      unmarkServing();
      void closeDatabase();
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * Measures how long the event loop is blocked from now on (after start-up) and returns a
 * function that writes the figures to `file`; SIGUSR2 writes them too, without stopping.
 */
function benchStats(file: string): () => void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const write = () => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const mb = (bytes: number) => Math.round(bytes / 1e4) / 100;
    const memory = process.memoryUsage();
    writeFileSync(
      file,
      `${JSON.stringify({
        loop_delay_max_ms: ms(delay.max),
        loop_delay_p99_ms: ms(delay.percentile(99)),
        loop_delay_mean_ms: ms(delay.mean),
        rss_mb: mb(memory.rss),
        heap_used_mb: mb(memory.heapUsed),
        heap_total_mb: mb(memory.heapTotal),
        external_mb: mb(memory.external),
        array_buffers_mb: mb(memory.arrayBuffers),
        peak_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
      })}\n`,
    );
  };
  process.on('SIGUSR2', write);
  return write;
}

main().catch((error: unknown) => {
  process.stderr.write(`Lagportal could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
