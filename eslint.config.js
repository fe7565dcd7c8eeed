// Lint rules for Sluice. The layering rule that matters most: model/ and engine/ are pure
// (no I/O, no clock, no randomness), so they may not import Node's I/O modules, drivers or loggers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = [
  'node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:child_process', 'child_process', 'node:net', 'net',
  'node:http', 'http', 'node:https', 'https', 'node:sqlite', 'node:dgram', 'node:os', 'os',
  'node:process', 'node:worker_threads', 'node:crypto', 'crypto', 'node:timers', 'node:timers/*',
  'node:readline', 'node:tty', 'pino', 'pg', 'better-sqlite3',
];
const pureLayerRule = {
  'no-restricted-imports': ['error', {
    patterns: [
      { group: ioModules, message: 'model/ and engine/ are pure: inject I/O through ports.' },
      { group: ['**/store/**', '**/providers/**', '**/cli/**', '**/runner/**', '**/artifacts/**', '**/server/**'],
        message: 'model/ and engine/ may only import model/ and engine/.' },
    ],
  }],
  'no-restricted-globals': ['error',
    { name: 'process', message: 'model/ and engine/ are pure.' },
    { name: 'setTimeout', message: 'model/ and engine/ are pure: use timers through commands.' },
    { name: 'fetch', message: 'model/ and engine/ are pure.' }],
  'no-restricted-properties': ['error',
    { object: 'Date', property: 'now', message: 'Inject the clock: pass `now` in.' },
    { object: 'Math', property: 'random', message: 'Inject an IdGen.' },
    { object: 'crypto', property: 'randomUUID', message: 'Inject an IdGen.' }],
  'no-restricted-syntax': ['error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Inject the clock.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.sluice/**', 'dist/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-console': 'off',
    },
  },
  { files: ['src/model/**/*.ts', 'src/engine/**/*.ts'], ignores: ['**/*.test.ts'], rules: pureLayerRule },
  // Plain .js files (bin/ launchers, this config) run on Node: declare its globals for no-undef.
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
