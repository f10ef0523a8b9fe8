/**
 * mirrord's user-facing texts for `-L`/`-R`/target errors, kept byte-identical because users grep
 * for them (mirrord/cli/src/config.rs `PortMappingParseErr`, mirrord/config/src/target.rs).
 */

/** mirrord's InvalidFormat text; `-R` reuses it even though it describes `-L` (mirrord does too). */
export const invalidFormat = (arg: string): string =>
  `Invalid format of argument \`${arg}\`, expected \`[local-port:]remote-ipv4-or-hostname:remote-port\``;

/** mirrord's PortParseErr text. */
export const portParseError = (port: string, arg: string): string =>
  `Failed to parse port \`${port}\` in argument \`${arg}\``;

/**
 * mirrord's PortZeroInvalid text. mirrord passes the port substring as `X` (so it prints
 * ``in argument `0` ``); we pass the whole argument, which is what the message claims to show.
 */
export const portZeroError = (arg: string): string =>
  `Port \`0\` is not allowed in argument \`${arg}\``;

/** mirrord's duplicate `-L` text (a map keyed by the local socket address). */
export const duplicateLocalError = (address: string): string =>
  `multiple port forwarding mappings found for local address \`${address}\``;

/** mirrord's duplicate `-R` text (keyed by the remote port). */
export const duplicateRemoteError = (port: number): string =>
  `multiple port forwarding mappings found for destination port \`${port}\``;

/** The target formats mirrord lists after a target error (`FAIL_PARSE_DEPLOYMENT_OR_POD`). */
export const TARGET_FORMATS: readonly string[] = [
  'targetless',
  'pod/{pod-name}[/container/{container-name}]',
  'deployment/{deployment-name}[/container/{container-name}]',
  'rollout/{rollout-name}[/container/{container-name}]',
  'job/{job-name}[/container/{container-name}]',
  'cronjob/{cronjob-name}[/container/{container-name}]',
  'statefulset/{statefulset-name}[/container/{container-name}]',
  'service/{service-name}[/container/{container-name}]',
  'replicaset/{replicaset-name}[/container/{container-name}]',
];

// One line, so the CLI, NDJSON and the UI can show it as is; mirrord prints the list on new lines.
const formatsList = `Valid formats: ${TARGET_FORMATS.map((f) => `\`${f}\``).join(', ')}.`;

/** mirrord's text for a target without a known prefix, followed by the valid formats. */
export const unsupportedTarget = (target: string): string =>
  `Provided target: ${target} is unsupported. Did you remember to add a prefix, e.g. pod/${target}? ${formatsList}`;

/** A target with a known prefix but a bad shape (mirrord's text here is a generic banner). */
export const malformedTarget = (target: string, why: string): string =>
  `Invalid target \`${target}\`: ${why}. ${formatsList}`;
