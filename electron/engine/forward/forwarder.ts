/**
 * The real RuleRunner: one local listener per enabled -L rule; every accepted connection resolves
 * its route afresh, dials, and is recorded in the connection table.
 */
import type { Server, Socket } from 'node:net';
import { PortsideError, errorText } from '../../../shared/errors.ts';
import type { LocalMapping } from '../../../shared/mirrord-syntax/types.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { KubeSessions } from '../kube/kube-session.ts';
import type { RuleRunner } from '../rules/rule-runner.ts';
import type { RuleStatus, StoredRule } from '../rules/rule-store.ts';
import { runConnection, type ConnectionControl, type ConnectionDeps } from './connection.ts';
import { createConnectionTable, type ConnectionTable } from './connection-table.ts';
import { MAX_CONNECTIONS_PER_RULE, refuseConnection } from './connection-limit.ts';
import { createDialer, type DialerOptions, type RemoteDialer } from './dialer.ts';
import { hostPort, listen } from './listen.ts';
import { createResolutionCaches, type ResolutionCachesOptions } from './resolution-caches.ts';
import { createRuleHealth, type RuleHealth } from './rule-health.ts';
import { startRuleProbe, type ProbeSpec, type RuleProbe } from '../rules/rule-probe.ts';
import type { Health } from '../../../shared/model.ts';
import {
  createRouteResolver,
  type AgentRoutePlan,
  type RouteRequest,
  type RouteResolver,
} from './routes.ts';
import { agentRouteError } from './agent-hint.ts';

export interface ForwarderDeps {
  sessions: KubeSessions;
  clock?: Clock;
  resolver?: RouteResolver;
  dialer?: RemoteDialer;
  dialerOptions?: DialerOptions;
  /** Re-check period of a degraded rule. */
  retryMs?: number;
  /** Re-check period of a listening rule, so an idle rule notices the cluster going away; 0 = off. */
  watchMs?: number;
  /** Connection timers (see connection.ts). */
  timing?: Pick<ConnectionDeps, 'lingerMs' | 'halfCloseIdleMs'>;
  table?: ConnectionTable;
  /** Debug log; default: stderr when PORTSIDE_DEBUG is set. */
  log?: (message: string) => void;
  /** Watch-backed resolution cache tuning, or false to resolve with direct API reads only. */
  resolutionCache?: ResolutionCachesOptions['cache'];
  /** Open connections per rule; more are refused with a counted reason (connection-limit.ts). */
  maxConnectionsPerRule?: number;
}

interface Run {
  stopped: boolean;
  server?: Server;
  conns: Set<ConnectionControl>;
  health?: RuleHealth;
  probe?: RuleProbe;
}

const errorOf = (err: unknown): PortsideError =>
  err instanceof PortsideError ? err : new PortsideError('Internal', errorText(err));

const debugLog = (message: string): void => {
  if (process.env.PORTSIDE_DEBUG) console.error(`portside: ${message}`);
};

export function createForwarder(deps: ForwarderDeps): RuleRunner {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? debugLog;
  const table = deps.table ?? createConnectionTable({ clock });
  const resolver = deps.resolver ?? createRouteResolver();
  const dialer = deps.dialer ?? createDialer(deps.dialerOptions);
  const runs = new Map<string, Run>();
  const maxConns = deps.maxConnectionsPerRule ?? MAX_CONNECTIONS_PER_RULE;
  const probes = new Map<string, Health>();
  const healthListeners = new Set<() => void>();
  const caches = createResolutionCaches({ clock, log, cache: deps.resolutionCache ?? {} });

  async function startL(
    stored: StoredRule,
    mapping: LocalMapping,
    run: Run,
    report: (s: RuleStatus) => void,
  ): Promise<void> {
    const { rule, parsed } = stored;
    const session = await deps.sessions({ kubeconfig: rule.kubeconfig, context: rule.context });
    const namespace = rule.namespace || session.namespace;
    const host = rule.bindAddress || '127.0.0.1';
    const base = { session, namespace, mapping, target: parsed.target, log };
    const req: RouteRequest = { ...base, cached: caches.forConnections(session, run) };
    // Checks are not connections: they must not start watches (nothing remote before a client).
    const checkReq: RouteRequest = { ...base, cached: caches.forChecks(session) };
    const onSocket = (socket: Socket): void => {
      const peer = hostPort(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
      if (run.conns.size >= maxConns)
        return refuseConnection(table, rule.id, peer, socket, maxConns);
      const ctl = runConnection({
        handle: table.create(rule.id, peer),
        socket,
        clock,
        resolve: async () => {
          // Known unreachable: say so now rather than after the API time limit.
          const unreachable = await run.health?.admit();
          if (unreachable) throw unreachable;
          return resolver.resolve(req);
        },
        dial: (plan) => dialer(plan, session),
        onOutcome: (err) => {
          // A refused token (rotated, revoked): the next connection asks the exec plugin again.
          if (err?.kind === 'Unauthorized') session.refreshCredentials?.();
          run.health?.report(err);
        },
        watch: (plan, kill) =>
          plan.route === 'agent'
            ? () => {}
            : caches.podWatcher(session).watch(plan.namespace, plan.pod, kill),
        ...deps.timing,
      });
      run.conns.add(ctl);
      void ctl.closed.then(() => run.conns.delete(ctl));
    };
    const server = await listen(host, mapping.localPort, onSocket);
    if (run.stopped) return void server.close();
    run.server = server;
    const listenAddress = hostPort(host, mapping.localPort);
    report({ state: 'listening', listenAddress });
    run.health = createRuleHealth({
      clock,
      listenAddress,
      retryMs: deps.retryMs ?? 5000,
      // 4 s + the 10 s API time limit: a frozen API server is noticed within 15 s.
      watchMs: deps.watchMs ?? 4000,
      publish: (s) => !run.stopped && report(s),
      // Resolution only (API reads): nothing connects to a pod before a client does.
      check: () =>
        resolver
          .resolve(checkReq)
          .then((plan) => (plan.route === 'agent' ? agentCheck(plan) : undefined), errorOf),
    });
    void run.health.checkNow();
    if (rule.probe)
      run.probe = startProbe(rule.id, rule.probe, mapping.remoteHost, req, session, run);
  }

  /** The rule's optional probe, through the same route as its connections (rule-probe.ts). */
  function startProbe(
    ruleId: string,
    spec: ProbeSpec,
    host: string,
    req: RouteRequest,
    session: Parameters<RemoteDialer>[1],
    run: Run,
  ): RuleProbe {
    return startRuleProbe({
      clock,
      spec,
      host,
      connect: async () => dialer(await resolver.resolve(req), session),
      publish: (h) => {
        if (run.stopped) return;
        probes.set(ruleId, h);
        for (const l of [...healthListeners]) l();
      },
    });
  }

  const agentCheck = (plan: AgentRoutePlan): PortsideError | undefined =>
    deps.dialerOptions?.agent ? undefined : agentRouteError(plan);

  async function stopRun(run: Run, reason: string): Promise<void> {
    run.stopped = true;
    run.health?.stop();
    run.probe?.stop();
    const closing = run.server
      ? new Promise<void>((r) => run.server?.close(() => r()))
      : Promise.resolve();
    for (const c of [...run.conns]) c.kill(reason);
    await Promise.all([closing, ...[...run.conns].map((c) => c.closed)]);
    caches.release(run);
  }

  return {
    start(stored, report) {
      const { rule, parsed } = stored;
      const run: Run = { stopped: false, conns: new Set() };
      const previous = runs.get(rule.id);
      runs.set(rule.id, run);
      if (parsed.direction === 'R') {
        report({
          state: 'failed',
          reason:
            '-R needs the in-cluster agent (it receives traffic inside the pod), which is not available yet',
        });
        return;
      }
      const go = async (): Promise<void> => {
        if (previous) await stopRun(previous, 'rule restarted');
        await startL(stored, parsed.mapping, run, report);
      };
      go().catch((err: unknown) => {
        if (!run.stopped) report({ state: 'failed', reason: errorOf(err).message });
      });
    },
    async stop(ruleId) {
      const run = runs.get(ruleId);
      if (!run) return;
      runs.delete(ruleId);
      await stopRun(run, 'rule stopped');
    },
    forget: (ruleId) => {
      table.dropRule(ruleId);
      probes.delete(ruleId);
    },
    stats: (ruleId) => table.stats(ruleId),
    health: (ruleId) => probes.get(ruleId),
    connections: (ruleId) => table.list(ruleId),
    onConnectionsChanged: (l) => table.onDelta(l),
    onStatsChanged: (l) => {
      healthListeners.add(l);
      const off = table.onStats(l);
      return () => {
        healthListeners.delete(l);
        off();
      };
    },
    async dispose() {
      const all = [...runs.values()];
      runs.clear();
      await Promise.all(all.map((r) => stopRun(r, 'Portside is shutting down')));
      caches.dispose();
      dialer.close?.();
      table.dispose();
    },
  };
}
