/** Network commands: `getent hosts NAME` and a curl-like `http-get URL` (exit codes as curl -f). */
import { lookup } from 'node:dns/promises';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { print, type Builtin, type BuiltinContext } from './context.ts';

async function resolveName(ctx: BuiltinContext, name: string): Promise<string[]> {
  if (isIP(name)) return [name];
  if (ctx.resolve) return ctx.resolve(name);
  return (await lookup(name, { all: true })).map((a) => a.address);
}

export const getent: Builtin = async (argv, ctx, io) => {
  const [, db, name] = argv;
  if (db !== 'hosts' || !name) {
    await print(io.stderr, `getent: only "getent hosts NAME" is supported here\n`);
    return 1;
  }
  const addresses = await resolveName(ctx, name).catch(() => []);
  if (addresses.length === 0) return 2; // getent's "key not found"
  await print(io.stdout, `${addresses[0]!.padEnd(15)} ${name}\n`);
  return 0;
};

export const httpGet: Builtin = async (argv, ctx, io) => {
  let url: URL;
  try {
    url = new URL(argv[1] ?? '');
    if (url.protocol !== 'http:') throw new Error('only http:// URLs');
  } catch {
    await print(
      io.stderr,
      `http-get: bad URL '${argv[1] ?? ''}' (usage: http-get http://HOST[:PORT]/PATH)\n`,
    );
    return 3;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = await resolveName(ctx, host).catch(() => []);
  if (addresses.length === 0) {
    await print(io.stderr, `http-get: could not resolve host: ${host}\n`);
    return 6;
  }
  const port = Number(url.port || 80);
  const options: RequestOptions = {
    host: addresses[0],
    port,
    path: url.pathname + url.search,
    headers: { host: url.host },
  };
  const connect = ctx.connect;
  if (connect) {
    options.createConnection = ((_o: unknown, cb: (err: Error | null, s?: Duplex) => void) => {
      connect(addresses[0]!, port).then(
        (s) => cb(null, s),
        (err: Error) => cb(err),
      );
      return undefined;
    }) as unknown as RequestOptions['createConnection'];
  }
  return fetchTo(request(options), io.stdout, io.stderr, url);
};

function fetchTo(
  req: ClientRequest,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
  url: URL,
): Promise<number> {
  return new Promise((resolve) => {
    req.on('error', (err) => {
      stderr.write(`http-get: failed to connect to ${url.host}: ${err.message}\n`);
      resolve(7);
    });
    req.on('response', (res: IncomingMessage) => {
      res.pipe(stdout, { end: false });
      res.on('end', () => resolve((res.statusCode ?? 500) >= 400 ? 22 : 0));
      res.on('error', () => resolve(56));
    });
    req.on('socket', (s: Socket) => s.on('error', () => undefined));
    req.end();
  });
}
