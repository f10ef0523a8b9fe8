/**
 * The mirrord config keys (mirrord 3.250 `mirrord/config/src`), with mirrord's deny_unknown_fields:
 * every section here rejects unknown keys. Keys that matter to port forwarding are typed; the rest
 * are accepted as they are and reported as ignored (see IGNORED_KEYS).
 */
import { z } from 'zod';

const u16 = z.int().min(0).max(65535);
const u32 = z.int().min(0).max(4294967295);
const u64 = z.int().min(0);
const text = z.string();
const bool = z.boolean();
const strMap = z.record(z.string(), z.string());
const portPair = z.tuple([u16, u16]);

/** Optional the serde way: absent or null both mean "not set". */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();
const anyOf = (keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, z.unknown().optional()])) as Record<
    string,
    z.ZodOptional<z.ZodUnknown>
  >;

/** Known keys Portside accepts but does not act on, per section. */
export const IGNORED_KEYS = {
  '': [
    'skip_processes',
    'skip_build_tools',
    'skip_extra_build_tools',
    'multi_cluster',
    'api',
    'profile',
    'sip_binaries',
    'container',
    'internal_proxy',
    'external_proxy',
    'use_proxy',
    'skip_sip',
    'ci',
    'traceparent',
    'baggage',
  ],
  agent: [
    'json_log',
    'flush_connections',
    'disabled_capabilities',
    'tolerations',
    'resources',
    'check_out_of_pods',
    'privileged',
    'external_ip_fix',
    'nftables',
    'dns',
    'metrics',
    'exclude_from_mesh',
    'inject_headers',
    'override_cache_control',
    'max_body_buffer_size',
    'max_body_buffer_timeout',
    'http_detection_timeout',
    'security_context',
    'clean_iptables_on_start',
    'disable_mesh_sidecar_injection',
    'jaq_time_limit',
    'test_error',
  ],
  feature: [
    'env',
    'fs',
    'copy_target',
    'hostname',
    'split_queues',
    'db_branches',
    'magic',
    'preview',
  ],
  'feature.network': ['outgoing', 'dns', 'ipv6'],
  'feature.network.incoming': [
    'ignore_localhost',
    'ignore_ports',
    'listen_ports',
    'on_concurrent_steal',
    'https_delivery',
    'tls_delivery',
  ],
} as const;

export const AgentImageSchema = z.union([
  text,
  z.strictObject({ registry: opt(text), tag: opt(text) }),
]);

export const AgentSchema = z.strictObject({
  ...anyOf(IGNORED_KEYS.agent),
  log_level: opt(text),
  namespace: opt(text),
  image: opt(AgentImageSchema),
  image_pull_policy: opt(text),
  image_pull_secrets: opt(z.array(z.strictObject({ name: text }))),
  ttl: opt(u16),
  ephemeral: opt(bool),
  communication_timeout: opt(u16),
  startup_timeout: opt(u64),
  labels: opt(strMap),
  annotations: opt(strMap),
  node_selector: opt(strMap),
  service_account: opt(text),
  priority_class: opt(text),
});

/** Inside `any_of`/`all_of`; the one-key forms are checked in incoming-config.ts for better words. */
const InnerFilterSchema = z.record(z.string(), z.unknown());

export const HttpFilterSchema = z.strictObject({
  header_filter: opt(text),
  path_filter: opt(text),
  method_filter: opt(text),
  body_filter: opt(z.looseObject({ body: z.literal('json') })),
  header_filter_jq: opt(text),
  all_of: opt(z.array(InnerFilterSchema)),
  any_of: opt(z.array(InnerFilterSchema)),
  ports: opt(z.union([u16, z.array(u16)])),
});

export const IncomingModeSchema = z.enum(['mirror', 'steal', 'off']);

export const IncomingObjectSchema = z.strictObject({
  ...anyOf(IGNORED_KEYS['feature.network.incoming']),
  mode: opt(IncomingModeSchema),
  http_filter: opt(z.union([bool, HttpFilterSchema])),
  port_mapping: opt(z.array(portPair)),
  ignore_ports: opt(z.array(u16)),
  listen_ports: opt(z.array(portPair)),
  on_concurrent_steal: opt(z.enum(['abort', 'continue', 'override'])),
  ports: opt(z.array(u16)),
  https_delivery: z.unknown().optional(),
  tls_delivery: z.unknown().optional(),
});

export const IncomingSchema = z.union([bool, IncomingModeSchema, IncomingObjectSchema]);

export const NetworkSchema = z.strictObject({
  ...anyOf(IGNORED_KEYS['feature.network']),
  incoming: opt(IncomingSchema),
});

export const FeatureSchema = z.strictObject({
  ...anyOf(IGNORED_KEYS.feature),
  network: opt(z.union([bool, NetworkSchema])),
});

export const StartupRetrySchema = z.strictObject({
  min_ms: opt(u64),
  max_ms: opt(u64),
  max_retries: opt(u32),
});

export const RootSchema = z.strictObject({
  ...anyOf(IGNORED_KEYS['']),
  accept_invalid_certificates: opt(bool),
  operator: opt(bool),
  kubeconfig: opt(text),
  kube_context: opt(text),
  /** Checked by shared/mirrord-syntax's parseTargetConfig, which knows mirrord's target forms. */
  target: z.unknown().optional(),
  agent: opt(AgentSchema),
  feature: opt(FeatureSchema),
  telemetry: opt(bool),
  experimental: opt(z.record(z.string(), z.unknown())),
  startup_retry: opt(StartupRetrySchema),
  key: opt(text),
});

export type RootRaw = z.infer<typeof RootSchema>;
export type IncomingRaw = z.infer<typeof IncomingSchema>;
export type HttpFilterRaw = z.infer<typeof HttpFilterSchema>;
export type AgentRaw = z.infer<typeof AgentSchema>;

/** Known keys by section path (array indexes as `[]`), for "did you mean" suggestions. */
export const SECTION_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(RootSchema.shape),
  agent: Object.keys(AgentSchema.shape),
  'agent.image': ['registry', 'tag'],
  'agent.image_pull_secrets[]': ['name'],
  feature: Object.keys(FeatureSchema.shape),
  'feature.network': Object.keys(NetworkSchema.shape),
  'feature.network.incoming': Object.keys(IncomingObjectSchema.shape),
  'feature.network.incoming.http_filter': Object.keys(HttpFilterSchema.shape),
  startup_retry: Object.keys(StartupRetrySchema.shape),
};
