/**
 * The per-pod sandbox (the pause-container analogue). Started by the netns runtime with
 * `ip netns exec <ns> … node --import tsx kube-sim/sandbox/main.ts --socket <path>`, so it and
 * every process it starts live in the pod's network namespace (and see the pod's resolv.conf and
 * hosts, bind-mounted by `ip netns exec`). It listens on a unix socket (see protocol.ts), prints
 * `ready` on stdout, and exits when its control connection closes: a sandbox never outlives its
 * owner.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { serveControl } from './control-session.ts';
import { serveDial } from './dial.ts';
import { serveExec } from './exec-session.ts';
import { readHeaderLine, writeLine, type Header } from './protocol.ts';

const CONTROL_DEADLINE_MS = 30_000;

function argOf(name: string): string {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (!v) {
    process.stderr.write(`usage: sandbox/main.ts --socket PATH\n`);
    process.exit(2);
  }
  return v;
}

function main(): void {
  const socketPath = argOf('--socket');
  let controlled = false;
  const exit = (code: number): void => {
    rmSync(socketPath, { force: true });
    process.exit(code);
  };
  const server = createServer({ allowHalfOpen: true }, (sock: Socket) => {
    sock.pause();
    readHeaderLine<Header>(sock).then(
      (header) => {
        if (header.op === 'control' && !controlled) {
          controlled = true;
          writeLine(sock, { ok: true });
          serveControl(sock, exit);
        } else if (header.op === 'dial') void serveDial(sock, header.port);
        else if (header.op === 'exec') serveExec(sock, header);
        else sock.destroy();
      },
      () => sock.destroy(),
    );
  });
  server.once('error', (err) => {
    process.stderr.write(`sandbox: cannot listen on ${socketPath}: ${err.message}\n`);
    process.exit(1);
  });
  rmSync(socketPath, { force: true });
  server.listen(socketPath, () => {
    chmodSync(socketPath, 0o600);
    process.stdout.write('ready\n');
  });
  // Terminal signals belong to the owner; the sandbox ends through its control connection.
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  process.on('SIGTERM', () => exit(143));
  // Like a pause container, the sandbox outlives faults of single connections or apps.
  process.on('uncaughtException', (err) =>
    process.stderr.write(`sandbox: ${err.stack ?? String(err)}\n`),
  );
  setTimeout(() => {
    if (!controlled) exit(1);
  }, CONTROL_DEADLINE_MS).unref();
}

main();
