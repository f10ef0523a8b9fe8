/**
 * A kubeconfig whose user gets its token from an exec credential plugin (as with aws, gcloud or
 * kubelogin), the plugin reading the current token from a file the test rewrites to rotate it.
 * The plugin states a one-hour expiry, so client-node caches the token: only a refresh on 401
 * picks up a rotated one early.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PLUGIN = `import { readFileSync } from 'node:fs';
const token = readFileSync(process.argv[2], 'utf8').trim();
const expirationTimestamp = new Date(Date.now() + 3600_000).toISOString();
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: { token, expirationTimestamp },
}));
`;

export interface ExecCredentials {
  kubeconfig: string;
  /** What the plugin prints from now on. */
  setToken(token: string): void;
  cleanup(): void;
}

export function execCredentials(server: string, caPem: string, token: string): ExecCredentials {
  const dir = mkdtempSync(join(tmpdir(), 'exec-cred-'));
  const plugin = join(dir, 'plugin.mjs');
  const tokenFile = join(dir, 'token');
  writeFileSync(plugin, PLUGIN);
  writeFileSync(tokenFile, token, { mode: 0o600 });
  const kubeconfig = join(dir, 'kubeconfig');
  const ca = Buffer.from(caPem).toString('base64');
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: sim, cluster: {server: "${server}", certificate-authority-data: ${ca}}}]`,
    `users: [{name: exec-user, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: "${process.execPath}", args: ["${plugin}", "${tokenFile}"], interactiveMode: Never}}}]`,
    'contexts: [{name: sim, context: {cluster: sim, user: exec-user, namespace: default}}]',
    'current-context: sim',
    '',
  ].join('\n');
  writeFileSync(kubeconfig, yaml, { mode: 0o600 });
  return {
    kubeconfig,
    setToken: (t) => writeFileSync(tokenFile, t, { mode: 0o600 }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
