import { spawn } from 'node:child_process';
import { BIN, cliVariants } from './testing/cli-variants.ts';
import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../shared/errors.ts';
import type { ConnectionsDelta, RuleInput, RuleView } from '../../shared/model.ts';
import type { Engine } from '../engine/api/engine.ts';
import { inertEngineParts } from '../engine/testing/inert-engine.ts';
import { runPortForward, type PortForwardDeps } from './port-forward-command.ts';
import { until } from '../../testing/wait.ts';

const stats = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };

/** An engine that records rules and lets the test decide their states. */
function fakeEngine(onAdd: (view: RuleView) => RuleView['state'] | Error = () => 'listening') {
  const rules: RuleView[] = [];
  const ruleListeners = new Set<(r: RuleView[]) => void>();
  const connListeners = new Set<(d: ConnectionsDelta) => void>();
  const inputs: RuleInput[] = [];
  let disposed = false;
  const publish = (): void => ruleListeners.forEach((l) => l(rules.map((r) => ({ ...r }))));
  const engine: Engine = {
    ...inertEngineParts(),
    listRules: () => rules.map((r) => ({ ...r })),
    async addRule(input) {
      inputs.push(input);
      const view: RuleView = {
        ...input,
        id: `r${rules.length + 1}`,
        name: input.spec,
        enabled: true,
        state: 'stopped',
        stats,
      };
      const next = onAdd(view);
      if (next instanceof Error) throw next;
      rules.push(view);
      publish();
      view.state = next;
      if (next === 'listening') view.listenAddress = `127.0.0.1:${view.spec.split(':')[0]}`;
      if (next === 'failed') view.reason = 'port in use';
      publish();
      return { ...view };
    },
    removeRule: async () => {},
    setEnabled: async () => rules[0] as RuleView,
    listConnections: () => [],
    onRulesChanged: (l) => (ruleListeners.add(l), () => ruleListeners.delete(l)),
    onConnectionsChanged: (l) => (connListeners.add(l), () => connListeners.delete(l)),
    async dispose() {
      disposed = true;
    },
  };
  return {
    engine,
    inputs,
    emit: (d: ConnectionsDelta) => connListeners.forEach((l) => l(d)),
    isDisposed: () => disposed,
  };
}

function harness(engine: Engine, extra: Partial<PortForwardDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: () => void = () => {};
  const deps: PortForwardDeps = {
    env: {},
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    createEngine: () => engine,
    stopRequested: new Promise<void>((r) => (stop = r)),
    ...extra,
  };
  return { deps, out, err, stop: () => stop() };
}

describe('runPortForward', () => {
  it('exits 1 with mirrord’s message on bad arguments, without creating an engine', async () => {
    const h = harness(fakeEngine().engine, {
      createEngine: () => {
        throw new Error('must not be called');
      },
    });
    expect(await runPortForward(['-L', '0:py-serv:80'], h.deps)).toBe(1);
    expect(h.err).toEqual([
      "error: invalid value '0:py-serv:80' for '--port-mapping <PORT_MAPPING>': Port `0` is not allowed in argument `0:py-serv:80`",
    ]);
  });

  it('prints help and exits 0', async () => {
    const h = harness(fakeEngine().engine);
    expect(await runPortForward(['--help'], h.deps)).toBe(0);
    expect(h.out.join('\n')).toContain('--port-mapping');
  });

  it('adds one rule per mapping, prints events, and stops cleanly with exit 0', async () => {
    const f = fakeEngine();
    const h = harness(f.engine);
    const run = runPortForward(
      ['-L', '18080:py-serv:80', '-L', '18081:py-serv:81', '--kubeconfig', 'K', '--json'],
      h.deps,
    );
    await until(() => h.out.length === 2, 'two rule lines');
    expect(f.inputs).toEqual([
      { direction: 'L', spec: '18080:py-serv:80', kubeconfig: 'K', bindAddress: '127.0.0.1' },
      { direction: 'L', spec: '18081:py-serv:81', kubeconfig: 'K', bindAddress: '127.0.0.1' },
    ]);
    expect(JSON.parse(h.out[0] ?? '')).toMatchObject({
      type: 'rule',
      state: 'listening',
      listen: '127.0.0.1:18080',
    });
    const conn = {
      id: 'c1',
      ruleId: 'r1',
      peer: '127.0.0.1:5000',
      state: 'closed' as const,
      bytesUp: 3,
      bytesDown: 4,
      openedAt: 1,
      closedAt: 2,
    };
    f.emit({ upserted: [conn], removed: [] });
    expect(JSON.parse(h.out[2] ?? '')).toMatchObject({
      type: 'connection',
      bytesUp: 3,
      bytesDown: 4,
      state: 'closed',
    });
    h.stop();
    expect(await run).toBe(0);
    expect(f.isDisposed()).toBe(true);
  });

  it('prints the final state of connections the stop cut, with their byte counts', async () => {
    const f = fakeEngine();
    const cut = {
      id: 'c1',
      ruleId: 'r1',
      peer: '127.0.0.1:5000',
      route: 'service' as const,
      pod: 'py-serv-1',
      remote: '10.0.0.7:80',
      state: 'closed' as const,
      bytesUp: 12,
      bytesDown: 34,
      openedAt: 1_000,
      closedAt: 1_500,
      reason: 'Portside is shutting down',
    };
    // Only after dispose does the engine report the connection closed.
    f.engine.listConnections = () => (f.isDisposed() ? [cut] : []);
    const h = harness(f.engine);
    const run = runPortForward(['-L', '18080:py-serv:80'], h.deps);
    await until(() => h.out.length === 1, 'the rule line');
    f.emit({ upserted: [{ ...cut, state: 'open', bytesUp: 0, bytesDown: 0 }], removed: [] });
    h.stop();
    expect(await run).toBe(0);
    expect(h.out.at(-1)).toMatch(/^conn c1 closed .*12 B up, 34 B down.*Portside is shutting down/);
  });

  it('warns when --bind exposes the listeners beyond this machine, not for loopback', async () => {
    for (const [bind, warned] of [
      ['0.0.0.0', true],
      ['127.0.0.2', false],
    ] as const) {
      const h = harness(fakeEngine().engine);
      const run = runPortForward(['-L', '18080:py-serv:80', '--bind', bind], h.deps);
      await until(() => h.out.length === 1, 'the rule line');
      h.stop();
      expect(await run).toBe(0);
      expect(h.err.some((l) => l.includes(`bind ${bind}: other machines`))).toBe(warned);
    }
  });

  it('keeps running while one rule fails, and exits 1 when none is left', async () => {
    let n = 0;
    const f = fakeEngine(() => (++n === 1 ? 'failed' : 'listening'));
    const h = harness(f.engine);
    const run = runPortForward(['-L', '18080:a:80', '-L', '18081:b:80'], h.deps);
    await until(() => h.out.length === 2, 'two rule lines');
    expect(h.out[0]).toBe('rule L 127.0.0.1:18080 → a:80 failed: port in use');
    h.stop();
    expect(await run).toBe(0);

    const all = fakeEngine(() => 'failed');
    const h2 = harness(all.engine);
    expect(await runPortForward(['-L', '18080:a:80'], h2.deps)).toBe(1);
    // The reasons go to stderr with the summary: stdout may be a pipe, or gone.
    expect(h2.err).toEqual([
      'error: no rule is forwarding any more:',
      '  18080:a:80: failed: port in use',
    ]);
    expect(all.isDisposed()).toBe(true);
  });

  it('reports an engine rejection in words and exits 1', async () => {
    const f = fakeEngine(
      () => new PortsideError('InvalidTarget', 'no Ready pod for deployment/api'),
    );
    const h = harness(f.engine);
    expect(await runPortForward(['-L', 'a:80', '-t', 'deploy/api'], h.deps)).toBe(1);
    expect(h.err).toEqual(['error: no Ready pod for deployment/api']);
    expect(f.isDisposed()).toBe(true);
  });

  it('takes the target from a config file, flags winning', async () => {
    const f = fakeEngine();
    const loadConfig = async () => ({
      ok: true as const,
      value: { target: { kind: 'pod' as const, name: 'from-file' }, namespace: 'file-ns' },
    });
    const h = harness(f.engine, { loadConfig });
    const run = runPortForward(['-R', '80:8080', '-f', 'm.json', '-n', 'cli-ns'], h.deps);
    await until(() => f.inputs.length === 1, 'the rule');
    expect(f.inputs[0]).toEqual({
      direction: 'R',
      spec: '80:8080',
      target: 'pod/from-file',
      namespace: 'cli-ns',
    });
    h.stop();
    expect(await run).toBe(0);
  });

  it('says so when config files cannot be read yet', async () => {
    const h = harness(fakeEngine().engine);
    expect(await runPortForward(['-L', 'a:80', '-f'], h.deps)).toBe(1);
    expect(h.err[0]).toContain('./.mirrord/mirrord.json');
  });
});

describe.each(cliVariants())('bin/portside port-forward ($name)', ({ env, unavailable }) => {
  it.skipIf(unavailable)('exits 1 and prints Port `0` is not allowed', async () => {
    const child = spawn(BIN, ['port-forward', '-L', '0:py-serv:80'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Port `0` is not allowed');
  });
});
