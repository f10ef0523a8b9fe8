/**
 * The userspace ceiling of this machine: the smallest Node TCP relay (net + pipe, half-close
 * passed on), one local port per target port. Run as its own process by the bench:
 *   node --import tsx bench/tcp-relay-main.ts HOST PORT… → prints `relay ports {"PORT":LOCAL,…}`.
 */
import net, { type AddressInfo } from 'node:net';

function relay(host: string, port: number): Promise<number> {
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const up = net.connect({ host, port, allowHalfOpen: true });
    client.setNoDelay(true);
    up.setNoDelay(true);
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
    client.pipe(up);
    up.pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

const [host, ...ports] = process.argv.slice(2);
if (!host || ports.length === 0) {
  console.error('usage: tcp-relay-main.ts HOST PORT…');
  process.exit(2);
}
const local: Record<string, number> = {};
for (const p of ports) local[p] = await relay(host, Number(p));
console.log(`relay ports ${JSON.stringify(local)}`);
process.on('SIGTERM', () => process.exit(0));
