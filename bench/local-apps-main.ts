/**
 * The bench pod's apps served on loopback by their own process, for the two reference contenders
 * (a Node TCP relay in front of them, and clients connecting to them directly). The bench pod lives
 * in a network namespace not routed from this host, so the same app code runs here instead:
 *   node --import tsx bench/local-apps-main.ts POD APP:PORT… → prints `apps ports {"PORT":LOCAL,…}`.
 */
import { startApp } from '../kube-sim/apps/index.ts';

const [pod, ...apps] = process.argv.slice(2);
if (!pod || apps.length === 0) {
  console.error('usage: local-apps-main.ts POD APP:PORT…');
  process.exit(2);
}
const local: Record<string, number> = {};
for (const spec of apps) {
  const [kind = '', port = '0'] = spec.split(':');
  const app = await startApp(kind, {
    host: '127.0.0.1',
    port: Number(port),
    listenPort: 0,
    pod,
    namespace: 'default',
    container: kind,
  });
  local[port] = app.port;
}
console.log(`apps ports ${JSON.stringify(local)}`);
process.on('SIGTERM', () => process.exit(0));
