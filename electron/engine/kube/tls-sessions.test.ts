import { describe, expect, it } from 'vitest';
import { makeTlsMaterial } from '../../../kube-sim/server/tls.ts';
import { createTlsContexts } from './tls-sessions.ts';

describe('createTlsContexts', () => {
  it('shares one SecureContext per identity and keeps identities apart', async () => {
    const [a, b] = await Promise.all([makeTlsMaterial(), makeTlsMaterial()]);
    const share = createTlsContexts();
    const first = share({ ca: Buffer.from(a.caPem), headers: { x: '1' } });
    const again = share({ ca: Buffer.from(a.caPem) });
    const other = share({ ca: Buffer.from(b.caPem) });
    expect(first.secureContext).toBeDefined();
    expect(again.secureContext).toBe(first.secureContext);
    expect(other.secureContext).not.toBe(first.secureContext);
    expect(first.headers).toEqual({ x: '1' }); // everything else passes through
  });

  it('leaves options without their own TLS identity alone (system CAs)', () => {
    const options = { headers: { authorization: 'Bearer t' } };
    expect(createTlsContexts()(options)).toBe(options);
  });
});
