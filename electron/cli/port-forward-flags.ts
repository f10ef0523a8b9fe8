/** The flags of `portside port-forward`: mirrord's (mirrord/cli/src/config.rs `PortForwardArgs`) plus ours. */
import type { FlagDef } from './argv-tokens.ts';

/** mirrord's default for a bare `-f`. */
export const DEFAULT_CONFIG_FILE = './.mirrord/mirrord.json';

export const PORT_FORWARD_FLAGS: readonly FlagDef[] = [
  {
    key: 'portMapping',
    long: 'port-mapping',
    short: 'L',
    aliases: ['port-mappings'],
    arity: 'many',
    valueName: 'PORT_MAPPING',
  },
  {
    key: 'reversePortMapping',
    long: 'reverse-port-mapping',
    short: 'R',
    arity: 'many',
    valueName: 'REVERSE_PORT_MAPPING',
  },
  { key: 'target', long: 'target', short: 't', arity: 'one', valueName: 'TARGET' },
  {
    key: 'targetNamespace',
    long: 'target-namespace',
    short: 'n',
    arity: 'one',
    valueName: 'TARGET_NAMESPACE',
  },
  {
    key: 'configFile',
    long: 'config-file',
    short: 'f',
    arity: 'optional',
    valueName: 'CONFIG_FILE',
  },
  { key: 'context', long: 'context', arity: 'one', valueName: 'CONTEXT' },
  {
    key: 'acceptInvalidCertificates',
    long: 'accept-invalid-certificates',
    short: 'c',
    arity: 'equals',
    valueName: 'ACCEPT_INVALID_CERTIFICATES',
  },
  {
    key: 'agentNamespace',
    long: 'agent-namespace',
    short: 'a',
    arity: 'one',
    valueName: 'AGENT_NAMESPACE',
  },
  {
    key: 'agentLogLevel',
    long: 'agent-log-level',
    short: 'l',
    arity: 'one',
    valueName: 'AGENT_LOG_LEVEL',
  },
  { key: 'agentImage', long: 'agent-image', short: 'i', arity: 'one', valueName: 'AGENT_IMAGE' },
  { key: 'agentTtl', long: 'agent-ttl', arity: 'one', valueName: 'AGENT_TTL' },
  {
    key: 'agentStartupTimeout',
    long: 'agent-startup-timeout',
    arity: 'one',
    valueName: 'AGENT_STARTUP_TIMEOUT',
  },
  { key: 'ephemeralContainer', long: 'ephemeral-container', short: 'e', arity: 'none' },
  { key: 'noTelemetry', long: 'no-telemetry', arity: 'none' },
  { key: 'disableVersionCheck', long: 'disable-version-check', arity: 'none' },
  // Ours, not mirrord's.
  { key: 'kubeconfig', long: 'kubeconfig', arity: 'one', valueName: 'KUBECONFIG' },
  { key: 'json', long: 'json', arity: 'none' },
  { key: 'bind', long: 'bind', arity: 'one', valueName: 'BIND' },
  { key: 'help', long: 'help', short: 'h', arity: 'none' },
];

/** `portside port-forward --help` */
export const PORT_FORWARD_HELP = `Forward local ports to hosts reachable from the cluster (-L), or traffic arriving at a
target's port to a local port (-R). Flags and syntax follow \`mirrord port-forward\`.

Usage: portside port-forward [OPTIONS] <--port-mapping <PORT_MAPPING>|--reverse-port-mapping <REVERSE_PORT_MAPPING>>

Options:
  -L, --port-mapping <PORT_MAPPING>        [local_port:]host:port, repeatable. host is a name resolved in
                                           the cluster, an IPv4 address or an IPv6 address in [brackets]
  -R, --reverse-port-mapping <MAPPING>     [remote_port:]local_port, repeatable; needs --target
  -t, --target <TARGET>                    targetless | pod/<name> | deployment/<name> | rollout/<name> |
                                           job/… | cronjob/… | statefulset/… | service/… | replicaset/…,
                                           each optionally followed by /container/<name>
  -n, --target-namespace <NS>              namespace of the target (default: the context's namespace)
  -f, --config-file [<PATH>]               mirrord config file (.json, .toml, .yaml); bare -f = ${DEFAULT_CONFIG_FILE}
      --context <CONTEXT>                  kube context to use
      --kubeconfig <PATH>                  kubeconfig file (default: $KUBECONFIG or ~/.kube/config)
  -c, --accept-invalid-certificates[=BOOL] do not verify the API server's certificate
  -a, --agent-namespace <NS>               namespace for the agent pod
  -l, --agent-log-level <LEVEL>            agent log level
  -i, --agent-image <IMAGE>                agent container image
      --agent-ttl <SECONDS>                agent pod TTL
      --agent-startup-timeout <SECONDS>    how long to wait for the agent to start
  -e, --ephemeral-container                run the agent as an ephemeral container in the target pod
      --bind <ADDR>                        local address to listen on (default 127.0.0.1)
      --json                               one JSON object per line (rules and connections)
      --no-telemetry                       accepted for mirrord compatibility (Portside sends none)
      --disable-version-check              accepted for mirrord compatibility
  -h, --help                               print this help

Environment (a flag wins over its variable): MIRRORD_IMPERSONATED_TARGET, MIRRORD_TARGET_NAMESPACE,
MIRRORD_CONFIG_FILE, MIRRORD_KUBE_CONTEXT, MIRRORD_KUBECONFIG, MIRRORD_ACCEPT_INVALID_CERTIFICATES,
MIRRORD_AGENT_NAMESPACE, MIRRORD_AGENT_RUST_LOG, MIRRORD_AGENT_IMAGE, MIRRORD_AGENT_TTL,
MIRRORD_AGENT_STARTUP_TIMEOUT, MIRRORD_EPHEMERAL_CONTAINER, MIRRORD_TELEMETRY.

Examples:
  portside port-forward -L 5432:postgres.data:5432 -L 8080:[fd00::1]:80
  portside port-forward -t deployment/api -L 15432:localhost:5432 -R 80:8080`;
