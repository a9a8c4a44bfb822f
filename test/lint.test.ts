import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint's structural rules are only worth something if they fail: these feed eslint (the
// project's own eslint.config.js, through its Node API) code that breaks each of them.

const eslint = new ESLint({ cwd: process.cwd(), ignore: false });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('npm run lint', () => {
  it('refuses an import cycle', async () => {
    const results = await eslint.lintFiles(['test/fixtures/lint/cycle-a.ts', 'test/fixtures/lint/cycle-b.ts']);
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['import-x/no-cycle', 'import-x/no-cycle']);
  });

  it('refuses src/db importing a route, a view or the app', async () => {
    expect(await ruleIds("import { pageMeta } from '../routes/render.js';\nexport const x = pageMeta;\n", 'src/db/layer-fixture.ts')).toEqual([
      'import-x/no-restricted-paths',
    ]);
    expect(await ruleIds("import type { PageMeta } from '../../views/layout.js';\nexport type X = PageMeta;\n", 'src/db/layer-fixture.ts')).toEqual([
      'import-x/no-restricted-paths',
    ]);
    expect(await ruleIds("import type { AppEnv } from '../app-env.js';\nexport type X = AppEnv;\n", 'src/db/layer-fixture.ts')).toEqual([
      'import-x/no-restricted-paths',
    ]);
  });

  it('refuses src/lib importing a route and src/i18n importing the database', async () => {
    expect(
      await ruleIds("import { moderationArea } from '../routes/moderation-area.js';\nexport const x = moderationArea;\n", 'src/lib/layer-fixture.ts'),
    ).toEqual(['import-x/no-restricted-paths']);
    expect(await ruleIds("import { dataVersion } from '../db/sqlite.js';\nexport const x = dataVersion;\n", 'src/i18n/layer-fixture.ts')).toEqual([
      'import-x/no-restricted-paths',
    ]);
  });

  it('lets a view take types from src/db but no queries, and no routes', async () => {
    expect(
      await ruleIds("import type { AssociationSummary } from '../src/db/associations.js';\nexport type X = AssociationSummary;\n", 'views/layer-fixture.tsx'),
    ).toEqual([]);
    expect(await ruleIds("import { listPublished } from '../src/db/associations.js';\nexport const x = listPublished;\n", 'views/layer-fixture.tsx')).toEqual([
      '@typescript-eslint/no-restricted-imports',
    ]);
    expect(await ruleIds("import { wantsFragment } from '../src/routes/render.js';\nexport const x = wantsFragment;\n", 'views/layer-fixture.tsx')).toEqual([
      'import-x/no-restricted-paths',
    ]);
  });

  it('refuses a query builder or database driver outside src/db', async () => {
    expect(await ruleIds("import { sql } from 'kysely';\nexport const x = sql;\n", 'src/routes/layer-fixture.ts')).toEqual(['no-restricted-imports']);
    expect(await ruleIds("import Database from 'better-sqlite3';\nexport const x = Database;\n", 'src/lib/layer-fixture.ts')).toEqual([
      'no-restricted-imports',
    ]);
    expect(await ruleIds("import { sql } from 'kysely';\nexport const x = sql;\n", 'src/db/layer-fixture.ts')).toEqual([]);
  });

  it('allows the imports the layers are built on', async () => {
    expect(await ruleIds("import { listPublished } from '../db/associations.js';\nexport const x = listPublished;\n", 'src/routes/layer-fixture.ts')).toEqual(
      [],
    );
    expect(await ruleIds("import { translator } from '../i18n/index.js';\nexport const x = translator;\n", 'src/db/layer-fixture.ts')).toEqual([]);
  });
});
