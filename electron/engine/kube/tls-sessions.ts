/**
 * One TLS SecureContext per cluster identity (CA bundle, client certificate and key) for the
 * port-forward upgrades. Without it every upgrade built a fresh context from the PEM options,
 * parsing the CA bundle again: the largest single cost of opening many sessions at once
 * (--cpu-prof). Session tickets are resumed by the shared https.Agent (keepalive-auth.ts).
 */
import tls from 'node:tls';
import type { ClientOptions } from 'ws';

const IDENTITY = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'ciphers', 'minVersion'] as const;
type Identity = Partial<Record<(typeof IDENTITY)[number], unknown>>;

const text = (v: unknown): unknown =>
  Buffer.isBuffer(v) ? v.toString('base64') : Array.isArray(v) ? v.map(text) : (v ?? null);

/**
 * Returns a function that adds a shared `secureContext` to port-forward options that carry their
 * own TLS identity. At most `max` contexts are kept (rotating client certificates do not grow it).
 */
/** Port-forward options, possibly with the shared context Node's tls.connect takes as is. */
export type TlsOptions = ClientOptions & { secureContext?: tls.SecureContext };

export function createTlsContexts(max = 8): (options: ClientOptions) => TlsOptions {
  const contexts = new Map<string, tls.SecureContext>();
  return (options) => {
    const o = options as Identity;
    if (o.ca === undefined && o.cert === undefined && o.pfx === undefined) return options;
    const key = JSON.stringify(IDENTITY.map((k) => text(o[k])));
    let context = contexts.get(key);
    if (!context) {
      if (contexts.size >= max) contexts.clear();
      const picked = Object.fromEntries(
        IDENTITY.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]),
      );
      context = tls.createSecureContext(picked as tls.SecureContextOptions);
      contexts.set(key, context);
    }
    return { ...options, secureContext: context };
  };
}
