import { defineConfig } from 'vitest/config';

// With TEST_DATABASE_URL (a PostgreSQL database the tests may create databases from), the
// whole suite runs a second time on PostgreSQL, each test file on its own database copied from
// a migrated template (test/postgres-template.ts, test/helpers.ts). `--project sqlite` or
// `--project postgres` picks one run.
const onPostgres = process.env.TEST_DATABASE_URL
  ? [
      {
        extends: true as const,
        test: {
          name: 'postgres',
          env: { LAGPORTAL_TEST_DIALECT: 'postgres' },
          globalSetup: ['test/postgres-template.ts'],
        },
      },
    ]
  : [];

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    projects: [{ extends: true, test: { name: 'sqlite' } }, ...onPostgres],
  },
});
