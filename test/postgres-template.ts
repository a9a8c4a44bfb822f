import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectPostgres } from '../src/db/postgres.js';
import { migrateToLatest } from '../src/db/sqlite.js';

// Global setup of the PostgreSQL test run (vitest.config.ts, when TEST_DATABASE_URL is set):
// one database migrated once, from which every test file's database is copied
// (CREATE DATABASE ... TEMPLATE, test/helpers.ts), much faster than migrating each.

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = process.env.TEST_DATABASE_URL!;
  const template = `lagportal_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  const { db, close } = await connectPostgres(databaseUrl(base, template), 2);
  try {
    await migrateToLatest(db);
  } finally {
    await close();
  }
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
