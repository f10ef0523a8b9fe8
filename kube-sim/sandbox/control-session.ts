/**
 * The control connection of a sandbox: requests from the runtime (start an app, start a
 * container process, serve DNS, shut down) and events back (container states and logs).
 * Exactly one per sandbox; when it closes, the owner is gone and the sandbox ends itself.
 */
import type { Socket } from 'node:net';
import { startDnsServer, type DnsServer } from '../dns/server.ts';
import { startApp, type RunningApp } from '../apps/index.ts';
import { createContainerSet } from './containers.ts';
import { writeLine, type ControlEvent, type ControlRequest } from './protocol.ts';

/** Serves the control connection until it closes; `onShutdown` then ends the process. */
export function serveControl(sock: Socket, onShutdown: (exitCode: number) => void): void {
  let down = false;
  const emit = (event: ControlEvent): void => {
    if (!down && !sock.destroyed) writeLine(sock, event);
  };
  const containers = createContainerSet(emit);
  const apps: RunningApp[] = [];
  let dns: DnsServer | undefined;

  let stopping: Promise<unknown> | undefined;
  const shutdown = async (graceMs: number): Promise<void> => {
    down = true;
    stopping ??= Promise.allSettled([
      containers.stopAll(graceMs),
      ...apps.map((a) => a.close()),
      dns?.close(),
    ]);
    await stopping;
  };

  const handle = async (req: ControlRequest): Promise<unknown> => {
    switch (req.op) {
      case 'ping':
        return 'pong';
      case 'startApp': {
        const { kind, host, port, pod, namespace, container } = req;
        apps.push(await startApp(kind, { host, port, pod, namespace, container }));
        return { listening: `${host}:${port}` };
      }
      case 'startProcess':
        return containers.start(req.container, req);
      case 'dns':
        if (dns) dns.setTable(req.table);
        else dns = await startDnsServer(req.host, req.port, req.table);
        return { port: dns.port };
      case 'shutdown':
        await shutdown(req.graceMs);
        return 'bye';
    }
  };

  let buf = '';
  sock.setEncoding('utf8');
  sock.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const req = JSON.parse(line) as ControlRequest & { id: number };
      handle(req).then(
        (result) => writeLine(sock, { id: req.id, ok: true, result }),
        (err: unknown) =>
          writeLine(sock, { id: req.id, ok: false, error: (err as Error).message ?? String(err) }),
      );
    }
  });
  sock.on('error', () => undefined);
  sock.on('end', () => sock.end()); // the server allows half-open sockets; control has no use for one
  sock.on('close', () => {
    void shutdown(0).then(() => onShutdown(0));
  });
  sock.resume();
}
