/** mirrord's `agent` section → the settings Portside's own agent can honour. */
import type { AgentRaw } from './schema.ts';
import type { AgentConfig } from './types.ts';

/** mirrord's default registry (`DEFAULT_AGENT_IMAGE_REGISTRY` in mirrord/config/src/agent.rs). */
const MIRRORD_REGISTRY = 'ghcr.io/metalbear-co/mirrord';

function imageOf(image: AgentRaw['image']): string | undefined {
  if (image == null || image === '') return undefined;
  if (typeof image === 'string') return image;
  if (image.registry == null && image.tag == null) return undefined;
  const registry = image.registry ?? MIRRORD_REGISTRY;
  return image.tag == null ? registry : `${registry}:${image.tag}`;
}

const isMirrordImage = (image: string): boolean => /(^|\/)metalbear-co\/mirrord(:|@|$)/.test(image);

function set<K extends keyof AgentConfig>(
  out: AgentConfig,
  key: K,
  value: AgentConfig[K] | null | undefined,
): void {
  if (value !== undefined && value !== null) out[key] = value;
}

/** The agent settings, plus warnings for what cannot apply (mirrord's own image, namespace + ephemeral). */
export function agentConfig(raw: AgentRaw | null | undefined, warnings: string[]): AgentConfig {
  const out: AgentConfig = {};
  if (!raw) return out;
  const image = imageOf(raw.image);
  if (image !== undefined && isMirrordImage(image)) {
    warnings.push(
      `\`agent.image\` ${image} is mirrord's agent, which Portside cannot drive; Portside runs its own agent and ignores this image`,
    );
  } else set(out, 'image', image);
  set(out, 'namespace', raw.namespace);
  set(out, 'logLevel', raw.log_level);
  set(out, 'ttl', raw.ttl);
  set(out, 'startupTimeout', raw.startup_timeout);
  set(out, 'communicationTimeout', raw.communication_timeout);
  set(out, 'ephemeral', raw.ephemeral);
  set(out, 'labels', raw.labels);
  set(out, 'annotations', raw.annotations);
  set(out, 'nodeSelector', raw.node_selector);
  set(out, 'serviceAccount', raw.service_account);
  set(out, 'priorityClass', raw.priority_class);
  set(out, 'imagePullPolicy', raw.image_pull_policy);
  set(
    out,
    'imagePullSecrets',
    raw.image_pull_secrets?.map((s) => s.name),
  );
  if (out.ephemeral && out.namespace !== undefined) {
    // mirrord's verify() warning.
    warnings.push('Agent namespace is ignored when using an ephemeral container for the agent.');
  }
  return out;
}
