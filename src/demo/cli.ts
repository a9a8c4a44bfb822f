// npm run demo -- [--count N] [--scope regions|all] [--published] [--db FILE] [--seed N]
// Adds generated associations to a database (creating it if needed), e.g. for benchmarks.

import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createProgress } from '../cli/progress.js';
import { demoWorker } from './worker.js';

// The rows are made on the other core while this one stores them. The worker starts first,
// and loads the generator while this thread loads the database modules.
const worker = demoWorker();
const [{ countAssociations }, { loadReference }, { openDatabase }, { DEMO_SIZE, seedDemoData }] = await Promise.all([
  import('../db/associations.js'),
  import('../db/reference.js'),
  import('../db/sqlite.js'),
  import('./seed.js'),
]);

const usage = 'usage: npm run demo -- [--count N] [--scope regions|all] [--published] [--db FILE] [--seed N]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        count: { type: 'string', default: String(DEMO_SIZE) },
        scope: { type: 'string', default: 'regions' },
        published: { type: 'boolean', default: false },
        db: { type: 'string', default: process.env.DB_PATH ?? 'data/lagportal.db' },
        seed: { type: 'string', default: '2026' },
        help: { type: 'boolean', short: 'h' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
})();

if (values.help) {
  process.stdout.write(
    `${usage}\n\nAdds generated (made-up) associations to a database, creating it if needed: for trying the site and for the benchmark.\n\n` +
      'options:\n' +
      `  --count N             how many associations (default ${DEMO_SIZE})\n` +
      '  --scope regions|all   the featured regions only (default) or every municipality\n' +
      '  --published           all published (the default mix has some waiting for moderation)\n' +
      '  --db FILE             the database (default DB_PATH or data/lagportal.db)\n' +
      '  --seed N              another seed gives other associations (default 2026)\n' +
      '  --quiet               no progress bar or progress lines; the summary is still printed\n' +
      '  -h, --help            print this help and exit\n\n' +
      'exit codes: 0 done, 1 failed, 2 bad arguments\n',
  );
  await worker.close();
  process.exit(0);
}

const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 2_000_000) fail(`--count must be a whole number from 1 to 2000000 (got "${values.count}")`);
if (values.scope !== 'regions' && values.scope !== 'all') fail(`--scope must be "regions" or "all" (got "${values.scope}")`);
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be a whole number (got "${values.seed}")`);

// On a terminal a bar, in a log one line per 5 %; --quiet: only the summary.
const progress = createProgress({ quiet: values.quiet === true });
const started = performance.now();
const { db, sqlite } = await openDatabase(values.db);
const reference = await loadReference(db);
const before = await countAssociations(db);
const stored = await seedDemoData(db, reference, {
  count,
  scope: values.scope,
  now: new Date(),
  seed: seed + before, // a second run adds different associations instead of clashing names
  statusMix: values.published ? 'published' : 'demo',
  worker,
  progress,
});
progress.stop();
sqlite.pragma('wal_checkpoint(TRUNCATE)');
sqlite.close();
const seconds = ((performance.now() - started) / 1000).toFixed(2);
const megabytes = values.db === ':memory:' ? 0 : (statSync(values.db).size / 1e6).toFixed(1);
process.stdout.write(`stored ${stored} associations in ${values.db} (${before + stored} in all) in ${seconds} s; the file is ${megabytes} MB\n`);
