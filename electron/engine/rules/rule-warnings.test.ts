import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract-dispatch.ts';
import { createEngine } from '../create-engine.ts';
import { createHandlers } from '../api/handlers.ts';
import { createIdleRunner } from './rule-runner.ts';

describe('rule warnings over the contract', () => {
  it('answers a 0.0.0.0 bind and a privileged port with warnings, a plain rule with none', async () => {
    const engine = createEngine({ runner: createIdleRunner() });
    const h = createHandlers(engine, { host: 'web', version: '1' });
    const exposed = await dispatch(h, 'rules:add', {
      direction: 'L',
      spec: '80:py-serv:80',
      bindAddress: '0.0.0.0',
      enabled: false,
    });
    expect(exposed).toMatchObject({
      ok: true,
      value: {
        warnings: [
          'listens on 0.0.0.0: other machines on your network can reach the cluster through it',
          'local port 80 is privileged: on Linux and macOS binding it may need root',
        ],
      },
    });
    const plain = await dispatch(h, 'rules:add', {
      direction: 'L',
      spec: '18080:a:80',
      enabled: false,
    });
    expect(plain.ok && (plain.value as { warnings?: unknown }).warnings).toBeUndefined();
    await engine.dispose();
  });
});
