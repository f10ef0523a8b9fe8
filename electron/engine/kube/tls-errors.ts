/**
 * Tells TLS failures apart from "the server is not there". A wrong CA or an expired certificate
 * after a cluster rotated its keys must say so; "cannot reach the cluster API" sends the user
 * after their VPN instead of their kubeconfig.
 */
import { errorText } from '../../../shared/errors.ts';

// Node's (OpenSSL's) verification codes and what a user should check.
const HINTS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain is not signed by the kubeconfig's CA",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server certificate is not signed by the kubeconfig's CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server certificate is not signed by the kubeconfig's CA",
  CERT_SIGNATURE_FAILURE: "the server certificate is not signed by the kubeconfig's CA",
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet (check the clock)',
  ERR_TLS_CERT_ALTNAME_INVALID: "the server certificate does not name the kubeconfig's server host",
};

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  let e = err as { code?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && depth < 4; depth += 1) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = e.cause as typeof e;
  }
  return codes;
}

/** A one-line description when `err` is a TLS failure, else undefined. */
export function tlsProblem(err: unknown): string | undefined {
  for (const code of codesOf(err)) {
    const hint = HINTS[code];
    if (hint) return `${hint} (${code}); check certificate-authority-data in the kubeconfig`;
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))
      return `the TLS handshake failed (${code})`;
  }
  const text = errorText(err);
  if (/certificate|self[- ]signed|ssl routines|tls handshake/i.test(text))
    return `${text.slice(0, 300)}; check certificate-authority-data in the kubeconfig`;
  return undefined;
}
