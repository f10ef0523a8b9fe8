import { z } from 'zod';

/** What a user states when adding a rule; the engine fills in the rest. */
export const RuleInputSchema = z.object({
  name: z.string().max(120).optional(),
  direction: z.enum(['L', 'R']),
  /** mirrord syntax: `[local_port:]host:port` for L, `[remote_port:]local_port` for R. */
  spec: z.string().min(1).max(400),
  /** mirrord target path (`pod/x`, `deploy/x/container/c`, `targetless`, …); empty = targetless. */
  target: z.string().max(400).optional(),
  namespace: z.string().max(253).optional(),
  context: z.string().max(253).optional(),
  kubeconfig: z.string().max(4096).optional(),
  /** Local bind address for L rules; 127.0.0.1 unless the user asks otherwise. */
  bindAddress: z.string().max(64).optional(),
  enabled: z.boolean().optional(),
  /** -R only: `steal` (the pod's app owns the port), `listen` (nothing does), or chosen at start. */
  incomingMode: z.enum(['auto', 'steal', 'listen']).optional(),
  /** Optional health probe through the rule's own route (off unless set). */
  probe: z
    .object({
      kind: z.enum(['tcp', 'http']),
      /** http only: the path to GET (`/healthz`) */
      path: z.string().max(400).optional(),
      intervalSec: z.number().int().min(2).max(3600),
    })
    .strict()
    .optional(),
});
export type RuleInput = z.infer<typeof RuleInputSchema>;

export const RuleStateSchema = z.enum([
  'stopped',
  'starting',
  'listening',
  'reconnecting',
  'degraded',
  'failed',
]);
export type RuleState = z.infer<typeof RuleStateSchema>;

export const RuleStatsSchema = z.object({
  open: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  bytesUp: z.number().nonnegative(),
  bytesDown: z.number().nonnegative(),
  /** bytes per second over the last few seconds */
  rateUp: z.number().nonnegative(),
  rateDown: z.number().nonnegative(),
});
export type RuleStats = z.infer<typeof RuleStatsSchema>;

export const RuleSchema = RuleInputSchema.extend({
  id: z.string().min(1),
  name: z.string(),
  enabled: z.boolean(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const HealthSchema = z.object({
  state: z.enum(['healthy', 'unhealthy', 'unknown']),
  reason: z.string().optional(),
  checkedAt: z.number().optional(),
});
export type Health = z.infer<typeof HealthSchema>;

/** One agent as a rule sees it: for -R on a workload, one per pod. */
export const AgentViewSchema = z.object({
  pod: z.string(),
  namespace: z.string(),
  state: z.enum(['creating', 'pulling', 'running', 'ready', 'reconnecting', 'failed', 'stopped']),
  reason: z.string().optional(),
  /** -R: the mode the port was caught in on this pod. */
  mode: z.enum(['steal', 'listen']).optional(),
});
export type AgentView = z.infer<typeof AgentViewSchema>;

/** A rule as the UI sees it: its definition plus live state. */
export const RuleViewSchema = RuleSchema.extend({
  state: RuleStateSchema,
  /** Why it is in that state, in words a user understands (failed, degraded, reconnecting). */
  reason: z.string().optional(),
  /** Where it really listens once bound (`127.0.0.1:18080`). */
  listenAddress: z.string().optional(),
  stats: RuleStatsSchema,
  /** Result of the optional probe; absent when the rule has no probe. */
  health: HealthSchema.optional(),
  /** The in-cluster agent(s) this rule uses (agent routes, -R): one entry per pod. */
  agents: z.array(AgentViewSchema).optional(),
  /** Accepted, but worth showing: a non-loopback bind, a privileged port. */
  warnings: z.array(z.string()).optional(),
});
export type RuleView = z.infer<typeof RuleViewSchema>;

/** Live counters of the rules whose stats moved since the last batch (at most ~10 per second). */
export const RuleStatsDeltaSchema = z.array(z.object({ id: z.string(), stats: RuleStatsSchema }));
export type RuleStatsDelta = z.infer<typeof RuleStatsDeltaSchema>;

export const RouteSchema = z.enum(['pod-port', 'service', 'agent']);
export type Route = z.infer<typeof RouteSchema>;

export const ConnectionStateSchema = z.enum([
  'connecting',
  'open',
  'half-closed',
  'closed',
  'failed',
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const ConnectionViewSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  /** local client address, `127.0.0.1:53122` */
  peer: z.string(),
  route: RouteSchema.optional(),
  pod: z.string().optional(),
  /** what the remote end resolved to (`10.0.0.7:80`, `postgres-0:5432`) */
  remote: z.string().optional(),
  state: ConnectionStateSchema,
  bytesUp: z.number().nonnegative(),
  bytesDown: z.number().nonnegative(),
  openedAt: z.number(),
  closedAt: z.number().optional(),
  reason: z.string().optional(),
});
export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export const ConnectionsDeltaSchema = z.object({
  upserted: z.array(ConnectionViewSchema),
  removed: z.array(z.string()),
});
export type ConnectionsDelta = z.infer<typeof ConnectionsDeltaSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  /** The folder rules, profiles and settings are kept in (absent when nothing is persisted). */
  stateDir: z.string().optional(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export * from './kube-model.ts';
export * from './app-model.ts';
