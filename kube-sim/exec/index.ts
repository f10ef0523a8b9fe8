/**
 * kube-sim's built-in exec commands, for containers whose image has no real binaries (all the
 * `portside/sim-*` apps). Pure functions over stdio streams, so the netns sandbox uses them too.
 */
import { cat, echo, env, falseCmd, hostname, sleep, trueCmd } from './basic.ts';
import { print, type Builtin, type BuiltinContext, type BuiltinIO } from './context.ts';
import { getent, httpGet } from './net.ts';
import { createSh } from './sh.ts';

export type { Builtin, BuiltinContext, BuiltinIO } from './context.ts';

const table: Record<string, Builtin> = {
  echo,
  cat,
  hostname,
  env,
  true: trueCmd,
  false: falseCmd,
  sleep,
  getent,
  'http-get': httpGet,
  sh: createSh(runBuiltin),
};

/** The built-in named `cmd` (a path such as /bin/echo counts by its last segment), or undefined. */
export function findBuiltin(cmd: string): Builtin | undefined {
  const name = cmd.slice(cmd.lastIndexOf('/') + 1);
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Runs argv as a built-in; unknown commands exit 127 with `sh: X: not found`, like busybox. */
export async function runBuiltin(
  argv: string[],
  ctx: BuiltinContext,
  io: BuiltinIO,
): Promise<number> {
  const [cmd] = argv;
  if (cmd === undefined) return 0;
  const builtin = findBuiltin(cmd);
  if (!builtin) {
    await print(io.stderr, `sh: ${cmd}: not found\n`);
    return 127;
  }
  try {
    return await builtin(argv, ctx, io);
  } catch (err) {
    await print(io.stderr, `${cmd}: ${(err as Error).message}\n`);
    return 1;
  }
}
