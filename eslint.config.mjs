import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'lib/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      '.cache/**',
      'examples/**',
      'test/fixtures/**',
      'test/corpus/*/input/**',
      'test/corpus/*/output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts (npm hooks) run outside TypeScript.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The dashboard's browser script (served as a file; no bundler).
    files: ['src/dashboard/static/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        window: 'readonly',
        localStorage: 'readonly',
        EventSource: 'readonly',
        fetch: 'readonly',
        location: 'readonly',
        Diff2HtmlUI: 'readonly',
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error (an activity's failure, a report, a git process)
    // and, in workflow code, its ordering. Needs the type checker, so only TypeScript files.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Handlers that return a promise where void is expected (http servers, event emitters) are fine here: each
      // catches its own errors. Promises in conditions or spread into objects are not.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no activity implementations.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'crypto', 'http', 'https'],
              message: 'Workflows must be deterministic: do I/O in activities.',
            },
            { group: ['../activities/*', '../adapters/*'], message: 'Import activity types only, through ../activities.' },
          ],
        },
      ],
    },
  },
);
