// Lint for structure and correctness only: import cycles, the layer rules, and TypeScript
// mistakes. Layout is Prettier's business (npm run format), so no stylistic rule is here.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * What each layer may not import. The layers, lowest first: src/i18n, src/db (+ db/migrations),
 * src/lib and src/mail, views, src/routes, and at the top src/app.tsx, src/server.ts and the
 * command-line tools (src/cli, src/demo). Nothing imports upward. docs/ARCHITECTURE.md explains.
 */
export const layerZones = [
  {
    target: ['./src/i18n'],
    from: ['./src/db', './src/lib', './src/mail', './src/routes', './views', './src/app.tsx', './src/app-env.ts', './src/server.ts', './src/cli', './src/demo'],
    message: 'src/i18n is the bottom layer: it imports nothing of the app.',
  },
  {
    target: ['./src/db', './db'],
    from: [
      './src/mail',
      './src/routes',
      './views',
      './src/app.tsx',
      './src/app-env.ts',
      './src/server.ts',
      './src/cli',
      './src/demo',
      './src/link-check.ts',
      './src/reminders.ts',
    ],
    message: 'src/db imports nothing above it (no routes, views, app or mail).',
  },
  {
    target: ['./src/lib', './src/mail'],
    from: ['./src/routes', './views', './src/app.tsx', './src/server.ts', './src/cli', './src/demo'],
    message: 'src/lib and src/mail sit below views and routes.',
  },
  {
    target: ['./views'],
    from: ['./src/routes', './src/app.tsx', './src/server.ts', './src/cli', './src/demo', './src/mail'],
    message: 'Views are pure JSX: they get their data as props and import no routes.',
  },
  {
    target: ['./src/routes'],
    from: ['./src/server.ts', './src/cli', './src/demo', './src/app.tsx'],
    message: 'Routes do not import the app, the server or the command-line tools.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test/fixtures/lint/**', 'bench/wrk/**', '**/*.mjs', '.stryker-tmp/**', 'reports/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/extensions': ['.ts', '.tsx'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      // Views get no value from src/db or src/routes, only the types of the data they show.
      '@typescript-eslint/no-restricted-imports': 'off',
      // Checked by tsc already (noUnusedLocals is off there on purpose for work in progress).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // SQL belongs to src/db (and the migrations): nothing else talks to a database driver or builds queries.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'views/**/*.ts', 'views/**/*.tsx'],
    ignores: ['src/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['kysely', 'better-sqlite3', 'pg'].map((name) => ({ name, message: 'Queries live in src/db/, one module per entity: call one of those.' })),
        },
      ],
    },
  },
  {
    files: ['views/**/*.tsx', 'views/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/db/*', '!**/src/db/types.js'],
              allowTypeImports: true,
              message: "Views show data they are given: import only types from src/db (and the schema's constants in src/db/types.ts).",
            },
          ],
        },
      ],
    },
  },
);
