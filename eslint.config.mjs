import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/**', 'node_modules/**', '.tools/**', '.data/**', '.cache/**', 'examples/**', 'test/fixtures/**', 'test/corpus/*/input/**', 'test/corpus/*/output/**'] },
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
      globals: { document: 'readonly', window: 'readonly', localStorage: 'readonly', EventSource: 'readonly', fetch: 'readonly', location: 'readonly', Diff2HtmlUI: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
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
            { group: ['node:*', 'fs', 'path', 'child_process', 'crypto', 'http', 'https'], message: 'Workflows must be deterministic: do I/O in activities.' },
            { group: ['../activities/*', '../adapters/*'], message: 'Import activity types only, through ../activities.' },
          ],
        },
      ],
    },
  },
);
