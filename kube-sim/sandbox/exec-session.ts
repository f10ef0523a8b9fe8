/**
 * One `exec` connection inside the sandbox: runs the command as a real process in the pod's
 * namespaces (so `getent hosts x` uses the pod's resolv.conf), or a kube-sim built-in when the
 * image has no such binary, and relays stdio as frames. The process is killed if the connection
 * goes away first (the kubectl client hung up), as the kubelet does.
 */
import type { Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { ExecChannel, frame, frameReader, writeLine, type Header } from './protocol.ts';
import { exitCodeOf, notFoundMessage, resolveOnPath, spawnContained } from './spawn-contained.ts';
import { findBuiltin } from './builtins.ts';
import { errorText } from '../../shared/errors.ts';

type ExecHeader = Extract<Header, { op: 'exec' }>;

/** Serves one exec connection whose header has been read. */
export function serveExec(sock: Socket, header: ExecHeader): void {
  const cmd = header.argv[0] ?? '';
  const exe = resolveOnPath(cmd, header.env.PATH);
  if (exe) return runProcess(sock, header, exe);
  const builtin = header.builtins ? findBuiltin(cmd) : undefined;
  if (builtin) return runBuiltin(sock, header, builtin);
  writeLine(sock, { ok: false, error: notFoundMessage(cmd) });
  sock.end();
}

/** Sends stdout/stderr as frames, pausing the source while the socket is full. */
function relayOut(sock: Socket, channel: ExecChannel, source: NodeJS.ReadableStream): void {
  source.on('data', (chunk: Buffer) => {
    if (!sock.write(frame(channel, chunk))) {
      source.pause();
      sock.once('drain', () => source.resume());
    }
  });
}

function runProcess(sock: Socket, header: ExecHeader, exe: string): void {
  const child = spawnContained(header, exe);
  let exited = false;
  child.once('error', (err) => {
    if (exited) return;
    exited = true;
    writeLine(sock, { ok: false, error: err.message });
    sock.end();
  });
  child.once('spawn', () => {
    writeLine(sock, { ok: true });
    relayOut(sock, ExecChannel.Stdout, child.stdout!);
    relayOut(sock, ExecChannel.Stderr, child.stderr!);
    wireStdin(sock, header.stdin, child.stdin!);
  });
  child.stdin!.on('error', () => undefined); // the command may exit without reading its stdin
  child.once('close', (code, signal) => {
    exited = true;
    sock.end(frame(ExecChannel.Exit, JSON.stringify({ code: exitCodeOf(code, signal) })));
  });
  sock.on('close', () => {
    if (!exited) child.kill('SIGKILL');
  });
  sock.on('error', () => undefined);
}

/** Feeds stdin frames to `target`; without stdin the command sees EOF at once. */
function wireStdin(sock: Socket, hasStdin: boolean, target: NodeJS.WritableStream): void {
  if (!hasStdin) target.end();
  const onFrame = frameReader((channel, payload) => {
    if (!hasStdin) return;
    if (channel === ExecChannel.Stdin && !target.write(payload)) {
      sock.pause();
      target.once('drain', () => sock.resume());
    } else if (channel === ExecChannel.StdinEnd) target.end();
  });
  sock.on('data', onFrame);
  sock.on('end', () => {
    if (hasStdin) target.end();
  });
  sock.resume();
}

type Builtin = NonNullable<ReturnType<typeof findBuiltin>>;

function runBuiltin(sock: Socket, header: ExecHeader, builtin: Builtin): void {
  writeLine(sock, { ok: true });
  const stdin = new PassThrough();
  wireStdin(sock, header.stdin, stdin);
  const out = (channel: ExecChannel): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        if (sock.write(frame(channel, chunk))) done();
        else sock.once('drain', () => done());
      },
    });
  const ctx = {
    pod: header.pod,
    namespace: header.namespace,
    container: header.container,
    env: header.env,
  };
  // Never rejects: a failing builtin becomes stderr text and exit code 1 for the exec client.
  void builtin(header.argv, ctx, {
    stdin,
    stdout: out(ExecChannel.Stdout),
    stderr: out(ExecChannel.Stderr),
  })
    .catch((err: unknown) => {
      sock.write(frame(ExecChannel.Stderr, `${errorText(err)}\n`));
      return 1;
    })
    .then((code) => sock.end(frame(ExecChannel.Exit, JSON.stringify({ code }))));
  sock.on('error', () => undefined);
}
