/** kube-sim's certificates must parse everywhere: Node's X509 (OpenSSL) is strict about DER. */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeTlsMaterial } from './tls.ts';

describe('makeTlsMaterial', () => {
  it('issues certificates whose serials are positive, minimal DER integers (many runs)', async () => {
    for (let i = 0; i < 64; i++) {
      const tls = await makeTlsMaterial();
      for (const pem of [tls.caPem, tls.certPem]) {
        const cert = new X509Certificate(pem);
        expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
      }
      expect(new X509Certificate(tls.certPem).checkIssued(new X509Certificate(tls.caPem))).toBe(
        true,
      );
    }
  });
});
