/** The layout invariants are lint rules; prove each one fires where it must and only there. */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function rulesFired(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
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
