import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBuiltin, runBuiltin, type BuiltinContext } from './index.ts';
import { expandWords, splitStatements } from './sh.ts';

function sink(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  const w = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(Buffer.from(c)), cb()) });
  return Object.assign(w, { text: () => Buffer.concat(chunks).toString() });
}

const ctx: BuiltinContext = {
  pod: 'web-0',
  namespace: 'default',
  container: 'app',
  env: { HOSTNAME: 'web-0', GREETING: 'hello' },
  resolve: async (name) => (name === 'web.default.svc.cluster.local' ? ['10.96.0.10'] : []),
};

async function run(argv: string[], stdin?: string, c: BuiltinContext = ctx) {
  const stdout = sink();
  const stderr = sink();
  let input: PassThrough | undefined;
  if (stdin !== undefined) (input = new PassThrough()).end(stdin);
  const code = await runBuiltin(argv, c, { stdin: input, stdout, stderr });
  return { code, out: stdout.text(), err: stderr.text() };
}

let http: Server;
beforeAll(async () => {
  http = createServer((req, res) =>
    res.writeHead(req.url === '/missing' ? 404 : 200).end(`got ${req.url}`),
  );
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise<void>((r) => http.close(() => r())));

describe('built-in commands', () => {
  it('echo, hostname, env, true, false', async () => {
    expect(await run(['echo', 'a', 'b'])).toEqual({ code: 0, out: 'a b\n', err: '' });
    expect((await run(['echo', '-n', 'x'])).out).toBe('x');
    expect((await run(['/bin/hostname'])).out).toBe('web-0\n');
    expect((await run(['env'])).out).toContain('GREETING=hello\n');
    expect((await run(['true'])).code).toBe(0);
    expect((await run(['false'])).code).toBe(1);
  });

  it('cat copies stdin to stdout and fails on files', async () => {
    expect(await run(['cat'], 'line1\nline2')).toEqual({ code: 0, out: 'line1\nline2', err: '' });
    expect((await run(['cat', '/etc/passwd'])).code).toBe(1);
  });

  it('sleep waits and rejects bad intervals', async () => {
    const t = Date.now();
    expect((await run(['sleep', '0.05'])).code).toBe(0);
    expect(Date.now() - t).toBeGreaterThanOrEqual(40);
    expect((await run(['sleep', 'x'])).code).toBe(1);
  });

  it('unknown commands exit 127 with the busybox message', async () => {
    expect(await run(['kubectl'])).toEqual({ code: 127, out: '', err: 'sh: kubectl: not found\n' });
    expect(findBuiltin('kubectl')).toBeUndefined();
  });

  it('getent resolves through the given resolver and exits 2 when unknown', async () => {
    expect((await run(['getent', 'hosts', 'web.default.svc.cluster.local'])).out).toMatch(
      /^10\.96\.0\.10\s+web\.default/,
    );
    expect((await run(['getent', 'hosts', 'nowhere'])).code).toBe(2);
  });

  it('http-get prints the body and exits like curl -f', async () => {
    const port = (http.address() as AddressInfo).port;
    expect(await run(['http-get', `http://127.0.0.1:${port}/hi`])).toMatchObject({
      code: 0,
      out: 'got /hi',
    });
    expect((await run(['http-get', `http://127.0.0.1:${port}/missing`])).code).toBe(22);
    expect((await run(['http-get', 'http://nowhere/'])).code).toBe(6);
    expect((await run(['http-get', 'ftp://x/'])).code).toBe(3);
  });
});

describe('sh', () => {
  it('runs exit N, sequences, && / || and redirections', async () => {
    expect((await run(['sh', '-c', 'exit 3'])).code).toBe(3);
    expect(
      await run(['sh', '-c', 'echo one; echo two >&2; false || echo three && exit 5']),
    ).toEqual({
      code: 5,
      out: 'one\nthree\n',
      err: 'two\n',
    });
    expect((await run(['sh', '-c', 'false; echo "status $?"'])).out).toBe('status 1\n');
    expect((await run(['sh', '-c', 'nope'])).code).toBe(127);
  });

  it('reads the script from stdin without -c and reports unsupported syntax', async () => {
    expect((await run(['sh'], 'echo from-stdin\n')).out).toBe('from-stdin\n');
    expect(await run(['sh', '-c', 'echo a | cat'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/pipes/),
    });
  });

  it('splits and expands like a shell for the simple cases', () => {
    expect(splitStatements("echo 'a;b' && x || y\nz").map((s) => [s.text.trim(), s.after])).toEqual(
      [
        ["echo 'a;b'", ';'],
        ['x', '&&'],
        ['y', '||'],
        ['z', ';'],
      ],
    );
    expect(expandWords(`echo "$G-\${G}" '$G' a\\ b "" # comment`, { G: 'v' })).toEqual([
      'echo',
      'v-v',
      '$G',
      'a b',
      '',
    ]);
  });
});
