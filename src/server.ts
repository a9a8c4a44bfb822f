import { serve } from '@hono/node-server';
import { type RequestListener, type ServerOptions, createServer } from 'node:http';
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { countAssociations, warmCaches } from './db/associations.js';
import { loadReference } from './db/reference.js';
import { openDatabase } from './db/sqlite.js';
import { DEMO_SIZE, seedDemoData } from './demo/seed.js';
import { createMailer } from './mail/mailer.js';
import { BackgroundTasks } from './lib/background.js';
import { ResponseCache, answerFromCache } from './lib/response-cache.js';
import { benchStats } from './lib/bench-stats.js';

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

  const { db, sqlite } = await openDatabase(config.dbPath);
  const reference = await loadReference(db);
  const unknownRegions = config.regions.filter((slug) => !reference.regions.some((r) => r.slug === slug));
  if (unknownRegions.length > 0) {
    fail(
      `Invalid configuration:\n  REGIONS names unknown region(s) ${unknownRegions.join(', ')}; ` +
        `known regions are ${reference.regions.map((r) => r.slug).join(', ')}`,
    );
  }

  if (config.demoData && (await countAssociations(db)) === 0) {
    const stored = await seedDemoData(db, reference, { count: DEMO_SIZE, scope: 'regions', now: new Date() });
    logger.info({ stored }, 'filled the empty database with demo associations (DEMO_DATA=0 starts empty)');
  }

  const mailer = createMailer({
    db,
    from: config.mailFrom,
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    logger,
    clock: () => new Date(),
  });
  const background = new BackgroundTasks(logger);
  const cache = config.responseCache ? new ResponseCache(db) : null;
  const app = await createApp({ db, config, logger, mailer, background, responseCache: cache });
  await warmCaches(db);
  const writeBenchStats = config.benchStatsFile ? benchStats(config.benchStatsFile) : () => {};
  const server = serve(
    {
      fetch: app.fetch,
      port: config.port,
      hostname: config.host,
      // A cached page is written out before Hono builds a request for it.
      createServer: ((options: ServerOptions, listener: RequestListener) =>
        createServer(options, cache ? (request, response) => answerFromCache(cache, request, response) || listener(request, response) : listener)) as typeof createServer,
    },
    (info) => {
      logger.info({ address: info.address, port: info.port, db: config.dbPath }, `Lagportal is listening on ${config.baseUrl}`);
    },
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing requests in flight');
    // close() stops accepting connections and calls back once the open ones have finished.
    server.close(async () => {
      writeBenchStats();
      await background.idle();
      await mailer.close();
      sqlite.close();
      logger.info('stopped');
      process.exit(0);
    });
    setTimeout(() => {
      logger.warn('requests still open after 10 s; stopping anyway');
      sqlite.close();
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Lagportal could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
