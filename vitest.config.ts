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

// Each project names its own files: a project that `extends` the root configuration adds its
// `include` to the root's instead of replacing it, so a root `include` would run every file on
// PostgreSQL too.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [{ extends: true, test: { name: 'sqlite', include: ['test/**/*.test.{ts,tsx}'] } }, ...onPostgres],
  },
});
