// ESLint flat config. Besides typescript-eslint and react-hooks it enforces the layout invariants
// of DESIGN.md with import rules: `electron` only in electron/main and electron/preload; no Node
// built-ins in renderer/ and shared/ (they run in a browser), nor in the sandboxed preload.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

const electronOnlyInShell = {
  name: 'electron',
  message: "Only electron/main and electron/preload may import 'electron' (DESIGN.md invariants).",
};
const builtinMessage =
  'Node built-ins are not available here: this code runs in a browser or a sandbox.';
const nodeBuiltins = {
  paths: builtinModules
    .filter((m) => !m.startsWith('_'))
    .map((name) => ({ name, message: builtinMessage })),
  patterns: [{ group: ['node:*'], message: builtinMessage }],
};
// Dynamic import('electron') and require('electron') bypass no-restricted-imports.
const electronSyntax = [
  "ImportExpression[source.value='electron']",
  "CallExpression[callee.name='require'][arguments.0.value='electron']",
].map((selector) => ({ selector, message: electronOnlyInShell.message }));

const TESTS = ['**/*.test.{ts,tsx}', '**/*-fakes.ts', 'e2e/**', '**/testing/**'];

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dist-electron/',
      'dist-agent/',
      'release/',
      'node_modules/',
      'reports/',
      'test-results/',
      'playwright-report/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `let x; … () => x …; x = …` is how cyclic wiring is written; only flag plain cases.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
      'no-restricted-syntax': ['error', ...electronSyntax],
    },
  },
  {
    // Promise safety needs type information, so these rules alone run type-aware: the full
    // type-checked set gave ~900 findings, nearly all noise, for the same 4 real bugs. Each file is
    // typed by its nearest tsconfig (renderer/ has its own); the plain-JS tools belong to neither
    // and get an inferred project each (at most 8 by default: list new JS folders here).
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', '.ci/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits rejects into the void (or kills a Node host). Handle it with
      // .catch where the user sees it, or `void` it with a one-line reason why it cannot reject.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // JSX attributes stay checked: React drops what `onClick={async …}` returns, so its
      // rejection is lost. Write `onClick={() => void act()}` with `act` showing its own errors.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: true } },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/main/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/preload/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', nodeBuiltins], 'no-restricted-syntax': 'off' },
  },
  {
    files: ['renderer/**', 'shared/**'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell, ...nodeBuiltins.paths], patterns: nodeBuiltins.patterns },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The emulator's tokenizers use comma sequences of assignments on purpose (`(a = x), i++`).
    files: ['kube-sim/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Library code reports through its callers; only the hosts and tools print.
    files: [
      'electron/main/**',
      'electron/preload/**',
      'electron/engine/**',
      'shared/**',
      'renderer/**',
    ],
    ignores: TESTS,
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
);
