/** The layout invariants are lint rules; prove each one fires where it must and only there. */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPED_RULES = [
  '@typescript-eslint/await-thenable',
  '@typescript-eslint/no-floating-promises',
  '@typescript-eslint/no-misused-promises',
];
// The layout checks lint made-up files (electron/web/x.ts) that no tsconfig holds, so they run
// without type information; the promise rules are checked against the real config below.
const untyped = {
  languageOptions: { parserOptions: { projectService: false } },
  rules: Object.fromEntries(TYPED_RULES.map((rule) => [rule, 'off' as const])),
};
let eslint: ESLint;
let typed: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfig: untyped });
  typed = new ESLint({ cwd: root });
});

async function rulesFired(filePath: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const importElectron = "import { app } from 'electron';\nexport const a = app;\n";
const importFs = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n";
const importBareFs = "import { readFileSync } from 'fs';\nexport const r = readFileSync;\n";

describe('eslint invariants', () => {
  it.each([
    'electron/engine/x.ts',
    'electron/web/x.ts',
    'electron/cli/x.ts',
    'shared/x.ts',
    'renderer/x.ts',
    'kube-sim/x.ts',
    'agent/x.ts',
  ])("'electron' is refused in %s", async (file) => {
    expect(await rulesFired(file, importElectron)).toContain('no-restricted-imports');
  });

  it.each(['electron/main/x.ts', 'electron/preload/x.ts'])(
    "'electron' is allowed in %s",
    async (file) => {
      expect(await rulesFired(file, importElectron)).toEqual([]);
    },
  );

  it('dynamic import and require of electron are refused outside the shell', async () => {
    const code =
      "export const load = () => import('electron');\nexport const r = () => require('electron');\n";
    const fired = await rulesFired('electron/engine/x.ts', code);
    expect(fired.filter((r) => r === 'no-restricted-syntax')).toHaveLength(2);
  });

  it.each(['renderer/x.ts', 'shared/x.ts', 'electron/preload/x.ts'])(
    'Node built-ins are refused in %s',
    async (file) => {
      expect(await rulesFired(file, importFs)).toContain('no-restricted-imports');
      expect(await rulesFired(file, importBareFs)).toContain('no-restricted-imports');
    },
  );

  it.each(['electron/engine/x.ts', 'electron/main/x.ts', 'kube-sim/x.ts', 'shared/x.test.ts'])(
    'Node built-ins are allowed in %s',
    async (file) => {
      expect(await rulesFired(file, importFs)).toEqual([]);
    },
  );

  it('console.log is refused in library code and allowed in hosts and tools', async () => {
    const code = "console.log('hi');\n";
    expect(await rulesFired('electron/engine/x.ts', code)).toContain('no-console');
    expect(await rulesFired('renderer/x.ts', code)).toContain('no-console');
    expect(await rulesFired('electron/cli/x.ts', code)).toEqual([]);
    expect(await rulesFired('kube-sim/x.ts', code)).toEqual([]);
  });

  it('react-hooks rules apply to the renderer', async () => {
    const code = [
      "import { useState } from 'react';",
      'export function C({ on }: { on: boolean }) {',
      '  if (on) useState(0);',
      '  return null;',
      '}',
      '',
    ].join('\n');
    expect(await rulesFired('renderer/c.tsx', code)).toContain('react-hooks/rules-of-hooks');
  });

  it('build output and reports are not linted', async () => {
    expect(await eslint.isPathIgnored(`${root}dist-electron/main.js`)).toBe(true);
    expect(await eslint.isPathIgnored(`${root}dist/renderer/index.js`)).toBe(true);
    expect(await eslint.isPathIgnored(`${root}release/x.js`)).toBe(true);
  });
});

// The project service types only files its tsconfigs hold, so these lint substitute text under
// the names of files that exist for as long as this test does (nothing is written to disk).
// Building the TypeScript program of a whole tsconfig takes a while on a busy 2-core machine.
const TYPED_TIMEOUT = 180_000;
const NODE_FILE = 'scripts/eslint-config.test.ts';
const RENDERER_FILE = 'renderer/main.tsx';
const JS_TOOL = 'eslint.config.js';

describe('promise safety', () => {
  it(
    'only the promise rules need type information',
    async () => {
      const config = (await typed.calculateConfigForFile(`${root}${NODE_FILE}`)) as {
        plugins: Record<string, { rules?: Record<string, TypedRule> }>;
        rules: Record<string, [number, ...unknown[]]>;
      };
      const needsTypes = Object.entries(config.rules)
        .filter(([, [severity]]) => severity > 0)
        .map(([id]) => id)
        .filter((id) => {
          const [plugin, name] = id.includes('/') ? id.split('/') : ['', id];
          return config.plugins[plugin!]?.rules?.[name!]?.meta?.docs?.requiresTypeChecking;
        });
      expect(needsTypes.sort()).toEqual(TYPED_RULES);
    },
    TYPED_TIMEOUT,
  );

  it(
    'a floating promise and a promise where a callback is expected are refused',
    async () => {
      const code = [
        'async function work(): Promise<void> {}',
        'work();',
        'setImmediate(work);',
        'export async function twice(): Promise<void> {',
        '  await 2;',
        '}',
        '',
      ].join('\n');
      expect((await rulesFired(NODE_FILE, code, typed)).sort()).toEqual([
        '@typescript-eslint/await-thenable',
        '@typescript-eslint/no-floating-promises',
        '@typescript-eslint/no-misused-promises',
      ]);
    },
    TYPED_TIMEOUT,
  );

  it(
    'handled, awaited and deliberately voided promises pass',
    async () => {
      const code = [
        'async function work(): Promise<void> {}',
        'work().catch((err: unknown) => console.error(err));',
        '// work reports its own errors',
        'void work();',
        'setImmediate(() => void work());',
        'export async function twice(): Promise<void> {',
        '  await work();',
        '}',
        '',
      ].join('\n');
      expect(await rulesFired(NODE_FILE, code, typed)).toEqual([]);
    },
    TYPED_TIMEOUT,
  );

  it(
    'an async handler in a JSX attribute is refused in the renderer, a voided one passes',
    async () => {
      const head = 'async function save(): Promise<void> {}\n';
      const bad = `${head}export const B = () => <button onClick={save}>Save</button>;\n`;
      const good = `${head}export const B = () => <button onClick={() => void save()}>Save</button>;\n`;
      expect(await rulesFired(RENDERER_FILE, bad, typed)).toEqual([
        '@typescript-eslint/no-misused-promises',
      ]);
      expect(await rulesFired(RENDERER_FILE, good, typed)).toEqual([]);
    },
    TYPED_TIMEOUT,
  );

  it(
    'plain-JS tools are type-checked too',
    async () => {
      const code = "import { readFile } from 'node:fs/promises';\nreadFile('x');\n";
      expect(await rulesFired(JS_TOOL, code, typed)).toEqual([
        '@typescript-eslint/no-floating-promises',
      ]);
    },
    TYPED_TIMEOUT,
  );
});

interface TypedRule {
  meta?: { docs?: { requiresTypeChecking?: boolean } };
}
