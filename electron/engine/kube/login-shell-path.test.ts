import { describe, expect, it } from 'vitest';
import { loginShellPath, onceLoginShellPath, type RunShell } from './login-shell-path.ts';

describe('loginShellPath', () => {
  it('extracts PATH between markers, ignoring what rc files print', async () => {
    let args: string[] = [];
    const run: RunShell = async (_shell, a) => {
      args = a;
      return 'Welcome!\n__PORTSIDE_PATH__/opt/homebrew/bin:/usr/bin__PORTSIDE_PATH__\n';
    };
    expect(await loginShellPath({ shell: '/bin/zsh', platform: 'darwin', run })).toBe(
      '/opt/homebrew/bin:/usr/bin',
    );
    expect(args[0]).toBe('-ilc');
  });

  it('gives undefined on Windows, without a shell, or when the shell fails', async () => {
    const run: RunShell = async () => {
      throw new Error('timeout');
    };
    expect(await loginShellPath({ shell: '/bin/sh', platform: 'win32', run })).toBeUndefined();
    expect(await loginShellPath({ shell: '', platform: 'linux', run })).toBeUndefined();
    expect(await loginShellPath({ shell: '/bin/sh', platform: 'linux', run })).toBeUndefined();
  });

  it('runs the shell once for many callers', async () => {
    let calls = 0;
    const get = onceLoginShellPath({
      shell: '/bin/sh',
      platform: 'linux',
      run: async () => (calls++, '__PORTSIDE_PATH__/x__PORTSIDE_PATH__'),
    });
    expect(await Promise.all([get(), get(), get()])).toEqual(['/x', '/x', '/x']);
    expect(calls).toBe(1);
  });

  it('really asks /bin/sh', async () => {
    const p = await loginShellPath({ shell: '/bin/sh', platform: 'linux' });
    expect(p).toMatch(/\/bin/);
  });
});
