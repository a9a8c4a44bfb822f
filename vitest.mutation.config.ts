import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suite Stryker runs against each mutant (npm run test:mutation): the whole suite except
// the browser tests and the ones that start other processes or build large data sets. Those
// never reach the mutated modules' instrumented code in this process, and would only make
// the dry run, which runs every related test once, much slower.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      // One worker on a busy machine: password hashing alone can take seconds per test.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      exclude: [
        'test/e2e/**',
        'test/backup.test.ts',
        'test/crash-safety.test.ts',
        'test/server.test.ts',
        'test/user-cli.test.ts',
        'test/import-brreg.test.ts',
        'test/export-memory.test.ts',
        'test/demo-generate.test.ts',
        'test/demo-seed.test.ts',
        'node_modules/**',
      ],
    },
  }),
);
