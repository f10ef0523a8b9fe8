/** mirrord's deny_unknown_fields, types, verify() checks and the warnings for ignored settings. */
import { describe, expect, it } from 'vitest';
import { parseMirrordConfig } from './parse-mirrord-config.ts';
import type { MirrordConfig } from './types.ts';

const json = (v: unknown): string => JSON.stringify(v);
const incoming = (v: unknown) => ({ feature: { network: { incoming: v } } });

function parsed(v: unknown): MirrordConfig {
  const r = parseMirrordConfig(json(v), 'mirrord.json', { env: {} });
  if (!r.ok) throw new Error(`expected ${json(v)} to parse: ${r.error}`);
  return r.value;
}

function error(v: unknown): string {
  const r = parseMirrordConfig(json(v), 'mirrord.json', { env: {} });
  if (r.ok) throw new Error(`expected an error for ${json(v)}`);
  return r.error;
}

describe('unknown keys are errors naming the path, with the nearest known key', () => {
  it.each([
    [{ kubeContext: 'x' }, 'unknown key `kubeContext`: did you mean `kube_context`?'],
    [{ agent: { tll: 3 } }, 'unknown key `agent.tll`: did you mean `agent.ttl`?'],
    [
      { agent: { image: { tga: 'x' } } },
      'unknown key `agent.image.tga`: did you mean `agent.image.tag`?',
    ],
    [{ feature: { netwrk: {} } }, 'unknown key `feature.netwrk`: did you mean `feature.network`?'],
    [
      { feature: { network: { incomming: 'steal' } } },
      'unknown key `feature.network.incomming`: did you mean `feature.network.incoming`?',
    ],
    [
      incoming({ mdoe: 'steal' }),
      'unknown key `feature.network.incoming.mdoe`: did you mean `feature.network.incoming.mode`?',
    ],
    [
      incoming({ http_filter: { header: 'x' } }),
      'unknown key `feature.network.incoming.http_filter.header`: did you mean `feature.network.incoming.http_filter.header_filter`?',
    ],
    [
      { startup_retry: { max_retry: 1 } },
      'unknown key `startup_retry.max_retry`: did you mean `startup_retry.max_retries`?',
    ],
    [
      { agent: { image_pull_secrets: [{ nme: 'x' }] } },
      'unknown key `agent.image_pull_secrets[0].nme`: did you mean `agent.image_pull_secrets[0].name`?',
    ],
    [
      { frobnicate: true },
      'unknown key `frobnicate`: mirrord has no such setting at the top level',
    ],
    [
      { agent: { zzzzzz: 1 } },
      'unknown key `agent.zzzzzz`: mirrord has no such setting in `agent`',
    ],
  ])('%j', (input, message) => {
    expect(error(input)).toBe(message);
  });

  it('target keys are checked by shared/mirrord-syntax', () => {
    expect(error({ target: { path: 'pod/a', namespce: 'x' } })).toBe(
      '`target`: Unknown field `namespce` in target; expected `path` and `namespace`',
    );
    expect(error({ target: 'pd/x' })).toMatch(/^`target`: Provided target: pd\/x is unsupported/);
    expect(error({ target: { path: { labels: { app: 'x' } } } })).toMatch(
      /^`target`: label targets/,
    );
    expect(error({ target: 'label/app=x' })).toMatch(/^`target`: label targets/);
  });
});

describe('types and values', () => {
  it.each([
    [{ agent: { ttl: '30' } }, '`agent.ttl` must be a whole number, not "30"'],
    [{ agent: { ttl: 70000 } }, '`agent.ttl` must be at most 65535, not 70000'],
    [{ agent: { ttl: -1 } }, '`agent.ttl` must be at least 0, not -1'],
    [{ agent: { ttl: 1.5 } }, '`agent.ttl` must be a whole number, not 1.5'],
    [{ agent: { ephemeral: 'yes' } }, '`agent.ephemeral` must be true or false, not "yes"'],
    [{ agent: { labels: { a: 1 } } }, '`agent.labels.a` must be text, not 1'],
    [{ agent: { image: 5 } }, '`agent.image` must be text or an object, not 5'],
    [{ agent: { image_pull_secrets: [{}] } }, '`agent.image_pull_secrets[0].name` is missing'],
    [{ kube_context: ['a'] }, '`kube_context` must be text, not a list'],
    [{ feature: { network: 7 } }, '`feature.network` must be true or false or an object, not 7'],
    [
      incoming('stael'),
      '`feature.network.incoming` must be one of `mirror`, `steal`, `off`, not "stael": did you mean `steal`?',
    ],
    [
      incoming({ mode: 'Steal' }),
      '`feature.network.incoming.mode` must be one of `mirror`, `steal`, `off`, not "Steal": did you mean `steal`?',
    ],
    [
      incoming(3),
      '`feature.network.incoming` must be true or false or `mirror` or `steal` or `off` or an object, not 3',
    ],
    [
      incoming({ port_mapping: [[1, 2, 3]] }),
      '`feature.network.incoming.port_mapping[0]` must have at most 2 items, not 3',
    ],
    [
      incoming({ port_mapping: [[1, 'x']] }),
      '`feature.network.incoming.port_mapping[0][1]` must be a whole number, not "x"',
    ],
    [
      incoming({ http_filter: { ports: 'x' } }),
      '`feature.network.incoming.http_filter.ports` must be a whole number or a list, not "x"',
    ],
    [
      incoming({ http_filter: { ports: 70000 } }),
      '`feature.network.incoming.http_filter.ports` must be at most 65535, not 70000',
    ],
    [
      incoming({ http_filter: { body_filter: { body: 'xml' } } }),
      '`feature.network.incoming.http_filter.body_filter.body` must be one of `json`, not "xml"',
    ],
  ])('%j', (input, message) => {
    expect(error(input)).toBe(message);
  });
});

describe("mirrord's verify() checks", () => {
  it.each([
    [
      incoming({
        port_mapping: [
          [1, 2],
          [1, 3],
        ],
      }),
      '`feature.network.incoming.port_mapping` contains duplicate source port `1`',
    ],
    [
      incoming({
        port_mapping: [
          [1, 3],
          [2, 3],
        ],
      }),
      '`feature.network.incoming.port_mapping` contains duplicate target port `3`',
    ],
    [
      incoming({
        listen_ports: [
          [80, 1],
          [80, 2],
        ],
      }),
      '`feature.network.incoming.listen_ports` contains duplicate source port `80`',
    ],
    [
      incoming({ ports: [1], ignore_ports: [2] }),
      'Cannot use both `incoming.ignore_ports` and `incoming.ports` at the same time',
    ],
    [
      incoming({ https_delivery: {}, tls_delivery: {} }),
      'Cannot use both `feature.network.incoming.https_delivery` and `feature.network.incoming.tls_delivery` at the same time',
    ],
    [
      incoming({ http_filter: { header_filter: 'a', path_filter: 'b' } }),
      "Cannot use multiple types of HTTP filter at the same time, use 'any_of' or 'all_of' to combine filters",
    ],
    [incoming({ http_filter: { any_of: [] } }), 'Composite HTTP filter cannot be empty'],
    [
      incoming({ http_filter: { header_filter: '' } }),
      '`feature.network.incoming.http_filter.header_filter` cannot be empty',
    ],
    [
      { startup_retry: { min_ms: 6000 } },
      'the value of startup_retry.min_ms `6000` cannot be greater than the value of startup_retry.max_ms `5000`.',
    ],
    [
      { startup_retry: { min_ms: 0, max_ms: 0 } },
      'the value of startup_retry.max_ms has to be greater than 0.',
    ],
  ])('%j', (input, message) => {
    expect(error(input)).toBe(message);
  });

  it('inner filters take `header`, not `header_filter`', () => {
    expect(
      error(incoming({ http_filter: { all_of: [{ path: '/a' }, { header_filter: 'x' }] } })),
    ).toMatch(
      /^`feature\.network\.incoming\.http_filter\.all_of\[1\]` must be one filter: .*did you mean `header`\?$/,
    );
    expect(
      parsed(
        incoming({
          http_filter: {
            all_of: [{ body: 'json', query: '$.a', matches: 'x' }, { method: 'GET' }],
          },
        }),
      ).incoming.mode,
    ).toBe('mirror');
  });
});

describe('incoming forms', () => {
  it.each([
    [undefined, 'mirror'],
    [true, 'mirror'],
    [false, 'off'],
    ['steal', 'steal'],
    [null, 'mirror'],
    [{}, 'mirror'],
    [{ mode: 'off' }, 'off'],
  ])('%j → %s', (value, mode) => {
    expect(parsed(incoming(value)).incoming.mode).toBe(mode);
  });

  it('feature.network: false turns incoming off', () => {
    expect(parsed({ feature: { network: false } }).incoming).toEqual({ mode: 'off' });
    expect(parsed({ feature: { network: true } }).incoming).toEqual({ mode: 'mirror' });
  });

  it('keeps port_mapping, ports, ignore_ports and listen_ports', () => {
    const c = parsed(
      incoming({ port_mapping: [[9333, 80]], ignore_ports: [22], listen_ports: [[80, 8111]] }),
    );
    expect(c.incoming).toEqual({
      mode: 'mirror',
      portMapping: [[9333, 80]],
      ignorePorts: [22],
      listenPorts: [[80, 8111]],
    });
  });
});

describe('warnings instead of errors', () => {
  it('lists every known section that port-forward ignores, in one line', () => {
    const c = parsed({
      skip_processes: 'x',
      profile: 'p',
      experimental: { idle_local_http_connection_timeout: 1 },
      agent: { flush_connections: true, dns: { timeout: 1 } },
      feature: {
        fs: 'read',
        env: true,
        network: { outgoing: { udp: false }, incoming: { on_concurrent_steal: 'abort' } },
      },
    });
    expect(c.warnings).toEqual([
      "ignored by port-forward (used by `mirrord exec`, the operator or mirrord's own agent): `skip_processes`, `profile`, `agent.flush_connections`, `agent.dns`, `feature.env`, `feature.fs`, `feature.network.outgoing`, `feature.network.incoming.on_concurrent_steal`, `experimental.idle_local_http_connection_timeout`",
    ]);
  });

  it('operator: true, ephemeral with a namespace, same-port mapping', () => {
    expect(parsed({ operator: true }).warnings).toEqual([
      '`operator: true` is ignored: Portside works without the mirrord operator and never uses it',
    ]);
    expect(parsed({ agent: { ephemeral: true, namespace: 'x' } }).warnings).toEqual([
      'Agent namespace is ignored when using an ephemeral container for the agent.',
    ]);
    expect(parsed(incoming({ port_mapping: [[80, 80]] })).warnings[0]).toMatch(
      /^The feature\.network\.incoming\.port_mapping mirrord configuration field contains a mapping of a local port to the same remote port/,
    );
  });

  it('keeps a custom agent image and the agent settings Portside carries', () => {
    const c = parsed({
      agent: {
        image: { registry: 'registry.local/portside-agent', tag: '1' },
        log_level: 'debug',
        ttl: 5,
        communication_timeout: 9,
        labels: { a: 'b' },
        annotations: { c: 'd' },
        node_selector: { e: 'f' },
        service_account: 'sa',
        priority_class: 'pc',
        image_pull_policy: 'Always',
        image_pull_secrets: [{ name: 's' }],
      },
    });
    expect(c.agent).toEqual({
      image: 'registry.local/portside-agent:1',
      logLevel: 'debug',
      ttl: 5,
      communicationTimeout: 9,
      labels: { a: 'b' },
      annotations: { c: 'd' },
      nodeSelector: { e: 'f' },
      serviceAccount: 'sa',
      priorityClass: 'pc',
      imagePullPolicy: 'Always',
      imagePullSecrets: ['s'],
    });
    expect(c.warnings).toEqual([]);
    expect(parsed({ agent: { image: '' } }).agent).toEqual({});
  });
});
