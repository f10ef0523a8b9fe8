/** Binds a rule's local listener, turning bind errors into words with a free port to try. */
import net from 'node:net';
import { PortsideError } from '../../../shared/errors.ts';

const hostPort = (host: string, port: number): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

function tryBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** The first port after `port` (within 100) that binds on `host`, if any. */
export async function suggestFreePort(host: string, port: number): Promise<number | undefined> {
  for (let p = Math.max(port + 1, 1024); p < Math.max(port + 1, 1024) + 100 && p <= 65535; p++) {
    if (await tryBind(host, p)) return p;
  }
  return undefined;
}

async function bindError(
  err: NodeJS.ErrnoException,
  host: string,
  port: number,
): Promise<PortsideError> {
  const where = hostPort(host, port);
  const suggestion = async (): Promise<string> => {
    const p = await suggestFreePort(host, port);
    return p ? `; try ${p}` : '';
  };
  switch (err.code) {
    case 'EADDRINUSE':
      return new PortsideError(
        'PortInUse',
        `${where} is already in use (by another program)${await suggestion()}`,
      );
    case 'EACCES':
      return new PortsideError(
        'PortInUse',
        `not allowed to listen on ${where} (ports below 1024 need administrator rights)${await suggestion()}`,
      );
    case 'EADDRNOTAVAIL':
      return new PortsideError(
        'Validation',
        `cannot listen on ${where}: this machine has no address ${host}`,
      );
    default:
      return new PortsideError('Internal', `cannot listen on ${where}: ${err.message}`);
  }
}

/** Listens on host:port; resolves once bound (that, and only that, makes a rule "listening"). */
export function listen(
  host: string,
  port: number,
  onSocket: (s: net.Socket) => void,
): Promise<net.Server> {
  // allowHalfOpen: a client's FIN must not end our side before the pod's answer is through.
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, onSocket);
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      void bindError(err, host, port).then(reject);
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.removeAllListeners('error');
      // After bind, accept errors (EMFILE…) must not remove the listener (mirrord gap §8 #3).
      server.on('error', () => {});
      resolve(server);
    });
  });
}

export { hostPort };
