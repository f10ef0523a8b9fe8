/** The Portside agent: configured by environment (see agent/PROTOCOL.md), node core only. */
import { startAgentServer } from './server.ts';
import { startLifetime } from './lifetime.ts';
import { removeStaleChains } from './stale-chains.ts';
import { ENV_IDLE_MS, ENV_PORT, ENV_SECRET_HASH, PROTOCOL_VERSION } from './protocol.ts';

const log = (line: string): void => void process.stderr.write(`portside-agent: ${line}\n`);

async function main(): Promise<void> {
  const port = Number(process.env[ENV_PORT]);
  const secretHash = process.env[ENV_SECRET_HASH] ?? '';
  if (!(port > 0 && port < 65536) || !/^[0-9a-f]{64}$/.test(secretHash)) {
    log(`${ENV_PORT} and ${ENV_SECRET_HASH} must be set`);
    process.exit(2);
  }
  const stale = await removeStaleChains(); // rules killed agents of this pod left behind
  if (stale.length) log(`removed stale steal rules: ${stale.join(', ')}`);
  const lifetime = startLifetime(Number(process.env[ENV_IDLE_MS]) || 60_000, log);
  await startAgentServer({ port, secretHash, lifetime, log });
  log(`agent ready - protocol ${PROTOCOL_VERSION} on 127.0.0.1:${port}`);
}

main().catch((err: unknown) => {
  log(`cannot start: ${String(err)}`);
  process.exit(1);
});
