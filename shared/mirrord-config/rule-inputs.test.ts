import { describe, expect, it } from 'vitest';
import { readFixture } from './fixtures/read-fixture.ts';
import { RuleInputSchema } from '../model.ts';
import { validateRuleSpec } from '../mirrord-syntax/validate.ts';
import { parseMirrordConfig } from './parse-mirrord-config.ts';
import { configToRuleInputs } from './rule-inputs.ts';
import type { MirrordConfig } from './types.ts';

const BEYOND =
  '-R rules were made from `feature.network.incoming.ports`/`port_mapping`: `mirrord port-forward` ignores these keys, Portside imports them for convenience';
const NO_TARGET =
  '-R rules need a target, and this file names none: choose one before starting them';
const NOTHING =
  'this file names no ports (mirrord port-forward takes them from -L/-R); add -L or -R rules and they will use its target and cluster settings';

function config(
  incoming: MirrordConfig['incoming'],
  extra: Partial<MirrordConfig> = {},
): MirrordConfig {
  return { agent: {}, incoming, warnings: [], target: { kind: 'pod', name: 'api' }, ...extra };
}

describe('configToRuleInputs', () => {
  it('port_mapping [local, remote] becomes -R remote:local with the file’s cluster settings', () => {
    const c = config(
      {
        mode: 'steal',
        portMapping: [
          [9333, 80],
          [8443, 443],
        ],
      },
      { namespace: 'shop', context: 'staging', kubeconfig: '~/.kube/config' },
    );
    const out = configToRuleInputs(c, { kubeconfig: '/home/me/.kube/config' });
    const common = {
      target: 'pod/api',
      namespace: 'shop',
      context: 'staging',
      kubeconfig: '/home/me/.kube/config',
    };
    expect(out).toEqual({
      rules: [
        { direction: 'R', spec: '80:9333', ...common },
        { direction: 'R', spec: '443:8443', ...common },
      ],
      warnings: [BEYOND],
    });
    for (const r of out.rules) {
      expect(RuleInputSchema.safeParse(r).success).toBe(true);
      expect(validateRuleSpec('R', r.spec)).toMatchObject({ ok: true });
    }
  });

  it('ports are the local ports; a port_mapping entry gives a port its remote side', () => {
    const out = configToRuleInputs(
      config({
        mode: 'mirror',
        ports: [8080, 9333, 8080],
        portMapping: [
          [9333, 80],
          [7777, 70],
        ],
      }),
    );
    expect(out.rules.map((r) => r.spec)).toEqual(['8080', '80:9333']);
  });

  it('ignore_ports excludes local ports; the file’s kubeconfig is used when none is given', () => {
    const out = configToRuleInputs(
      config(
        {
          mode: 'mirror',
          portMapping: [
            [22, 2222],
            [80, 8080],
          ],
          ignorePorts: [22],
        },
        { kubeconfig: 'k' },
      ),
    );
    expect(out.rules).toEqual([
      { direction: 'R', spec: '8080:80', target: 'pod/api', kubeconfig: 'k' },
    ]);
  });

  it('port 0 never becomes a rule', () => {
    expect(configToRuleInputs(config({ mode: 'mirror', ports: [0] })).rules).toEqual([]);
    expect(configToRuleInputs(config({ mode: 'mirror', portMapping: [[80, 0]] })).rules).toEqual(
      [],
    );
  });

  it('warns when the rules have no target to take traffic from', () => {
    const out = configToRuleInputs(
      config({ mode: 'mirror', ports: [80] }, { target: { kind: 'targetless' } }),
    );
    expect(out.rules).toEqual([{ direction: 'R', spec: '80', target: 'targetless' }]);
    expect(out.warnings).toEqual([BEYOND, NO_TARGET]);
    const none = config({ mode: 'mirror', ports: [80] });
    delete none.target;
    expect(configToRuleInputs(none).warnings).toEqual([BEYOND, NO_TARGET]);
  });

  it('a file without rule-like content gives no rules and says what to do', () => {
    expect(configToRuleInputs(config({ mode: 'steal' }))).toEqual({
      rules: [],
      warnings: [NOTHING],
    });
  });

  it('works on the §5.6 examples (none of which names ports)', () => {
    for (const name of ['mirrord.json', 'mirrord.toml', 'mirrord.yaml']) {
      const text = readFixture(name);
      const parsed = parseMirrordConfig(text, name, { env: {} });
      if (!parsed.ok) throw new Error(parsed.error);
      expect(configToRuleInputs(parsed.value)).toEqual({ rules: [], warnings: [NOTHING] });
    }
  });
});
