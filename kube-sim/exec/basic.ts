/** Small POSIX-ish commands: echo, cat, hostname, env, true, false, sleep. */
import { once } from 'node:events';
import { print, type Builtin } from './context.ts';

export const echo: Builtin = async (argv, _ctx, io) => {
  let args = argv.slice(1);
  let newline = true;
  if (args[0] === '-n') {
    newline = false;
    args = args.slice(1);
  }
  await print(io.stdout, args.join(' ') + (newline ? '\n' : ''));
  return 0;
};

export const cat: Builtin = async (argv, _ctx, io) => {
  const files = argv.slice(1).filter((a) => a !== '-');
  if (files.length > 0) {
    await print(io.stderr, `cat: ${files[0]}: No such file or directory\n`);
    return 1;
  }
  if (!io.stdin) return 0;
  const stdin = io.stdin;
  for await (const chunk of stdin as AsyncIterable<Buffer>) {
    if (!(await print(io.stdout, chunk))) return 1; // the reader went away
  }
  return 0;
};

export const hostname: Builtin = async (_argv, ctx, io) => {
  await print(io.stdout, `${ctx.pod}\n`);
  return 0;
};

export const env: Builtin = async (_argv, ctx, io) => {
  const lines = Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`);
  await print(io.stdout, lines.join(''));
  return 0;
};

export const trueCmd: Builtin = async () => 0;
export const falseCmd: Builtin = async () => 1;

export const sleep: Builtin = async (argv, _ctx, io) => {
  const seconds = Number(argv[1]);
  if (!Number.isFinite(seconds) || seconds < 0) {
    await print(io.stderr, `sleep: invalid time interval '${argv[1] ?? ''}'\n`);
    return 1;
  }
  // Ends early when nobody reads the output any more (the exec stream closed).
  const ac = new AbortController();
  const timer = new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000).unref());
  const gone = once(io.stdout, 'close', { signal: ac.signal }).catch(() => undefined);
  await Promise.race([timer, gone]);
  ac.abort();
  return 0;
};
