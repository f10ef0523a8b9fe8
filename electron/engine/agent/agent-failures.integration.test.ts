/**
 * Agent failures reach the rule in words (kube-sim netns mode): an RBAC refusal naming the verb and
 * resource, an image that cannot be pulled, steal without NET_ADMIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsUnavailableReason } from '../../../kube-sim/runtime/netns/available.ts';
import { createSim, type Sim } from '../../../kube-sim/index.ts';
import type { Engine } from '../api/engine.ts';
import { createEngine, type EngineDeps } from '../create-engine.ts';
import type { RuleInput, RuleView } from '../../../shared/model.ts';
import { until } from '../../../testing/wait.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`agent failure tests skipped: ${skipReason}`);

describe.skipIf(skipReason)('agent failures (netns)', () => {
  let sim: Sim;
  const engines: Engine[] = [];
  beforeAll(async () => {
    sim = await createSim({ scenario: 'demo', network: 'netns', replaceDelayMs: 200 });
    await sim.waitForWorkloads({ timeoutMs: 30_000 });
  }, 120_000);
  afterAll(async () => {
    for (const e of engines) await e.dispose();
    await sim?.close();
  });

  /** Adds an -R rule on a fresh engine and waits until it failed. */
  const failedR = async (deps: EngineDeps, input: Partial<RuleInput> = {}): Promise<RuleView> => {
    const engine = createEngine({ dialerOptions: { pingIntervalMs: 0 }, ...deps });
    engines.push(engine);
    const rule = await engine.addRule({
      direction: 'R',
      spec: '80:19999',
      target: 'deployment/py-serv',
      kubeconfig: sim.kubeconfigPath,
      ...input,
    });
    return until(
      () => {
        const v = engine.listRules().find((r) => r.id === rule.id);
        if (v?.state === 'listening') throw new Error('the rule started');
        return v?.state === 'failed' ? v : undefined;
      },
      'the rule to fail',
      30_000,
    );
  };

  it('a denied ephemeral-container patch names the verb and the resource', async () => {
    sim.denyVerb('patch', 'pods/ephemeralcontainers');
    try {
      const v = await failedR({});
      expect(v.reason).toMatch(
        /does not allow "patch" on "pods\/ephemeralcontainers" in namespace "default"/,
      );
    } finally {
      sim.allowAll();
    }
  });

  it('an unknown image fails with the pull error', async () => {
    const v = await failedR({ agent: { image: 'example.invalid/nothing:1' } });
    expect(v.reason).toMatch(
      /agent image "example.invalid\/nothing:1" cannot be pulled \(ErrImagePull\)/,
    );
    expect(v.agents?.[0]?.state).toBe('failed');
  });

  it('steal without NET_ADMIN says which capability is missing and what to do', async () => {
    const v = await failedR({ agent: { capabilities: [] } }, { incomingMode: 'steal' });
    expect(v.reason).toMatch(/steal needs the NET_ADMIN capability/);
  });

  it('mode listen on a port the app owns suggests steal', async () => {
    const v = await failedR({}, { incomingMode: 'listen' });
    expect(v.reason).toMatch(/port 80 is in use in the pod .*use steal mode/);
  });
});
