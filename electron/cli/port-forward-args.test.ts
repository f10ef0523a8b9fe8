import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleInputSchema } from '../../shared/model.ts';
import {
  parsePortForwardArgs,
  toRuleInputs,
  type PortForwardOptions,
} from './port-forward-args.ts';

function ok(argv: string[], env: Record<string, string> = {}): PortForwardOptions {
  const r = parsePortForwardArgs(argv, env);
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.value;
}
function fail(argv: string[], env: Record<string, string> = {}): string {
  const r = parsePortForwardArgs(argv, env);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(argv)}`);
  expect(r.error).not.toContain('\n');
  return r.error;
}

const PY = { localPort: 18080, remoteHost: 'py-serv', remotePort: 80 };

describe('parsePortForwardArgs: value forms', () => {
  it.each([
    [['-L', '18080:py-serv:80']],
    [['-L18080:py-serv:80']],
    [['-L=18080:py-serv:80']],
    [['--port-mapping', '18080:py-serv:80']],
    [['--port-mapping=18080:py-serv:80']],
    [['--port-mappings', '18080:py-serv:80']],
  ])('reads -L from %j', (argv) => {
    expect(ok(argv).local).toEqual([{ spec: '18080:py-serv:80', mapping: PY }]);
  });

  it('keeps repeated -L and -R in order', () => {
    const o = ok([
      '-L',
      '1:a:1',
      '-R',
      '80:8080',
      '-L',
      '2:b:2',
      '--reverse-port-mapping=81',
      '-t',
      'pod/x',
    ]);
    expect(o.local.map((f) => f.spec)).toEqual(['1:a:1', '2:b:2']);
    expect(o.reverse.map((f) => f.mapping)).toEqual([
      { remotePort: 80, localPort: 8080 },
      { remotePort: 81, localPort: 81 },
    ]);
  });

  it('reads every mirrord flag', () => {
    const o = ok([
      '-L',
      'db:5432',
      '-t',
      'deploy/api/container/app',
      '-n',
      'shop',
      '-f',
      'cfg.toml',
      '--context',
      'staging',
      '-c=false',
      '-a',
      'agents',
      '-l',
      'debug',
      '-i',
      'node:22-alpine',
      '--agent-ttl',
      '30',
      '--agent-startup-timeout=120',
      '-e',
      '--no-telemetry',
      '--disable-version-check',
      '--kubeconfig',
      '/tmp/k',
      '--json',
      '--bind',
      '::1',
    ]);
    expect(o).toEqual({
      help: false,
      local: [
        { spec: 'db:5432', mapping: { localPort: 5432, remoteHost: 'db', remotePort: 5432 } },
      ],
      reverse: [],
      target: { kind: 'deployment', name: 'api', container: 'app' },
      namespace: 'shop',
      configFile: 'cfg.toml',
      context: 'staging',
      kubeconfig: '/tmp/k',
      acceptInvalidCertificates: false,
      agent: {
        ephemeral: true,
        namespace: 'agents',
        logLevel: 'debug',
        image: 'node:22-alpine',
        ttl: 30,
        startupTimeout: 120,
      },
      telemetry: false,
      disableVersionCheck: true,
      json: true,
      bindAddress: '::1',
      warnings: [],
    });
  });

  it('has mirrord’s defaults', () => {
    const o = ok(['-L', 'db:5432']);
    expect(o).toMatchObject({
      bindAddress: '127.0.0.1',
      json: false,
      telemetry: true,
      agent: { ephemeral: false },
    });
    expect(o.target).toBeUndefined();
    expect(o.configFile).toBeUndefined();
    expect(o.acceptInvalidCertificates).toBeUndefined();
  });

  it('gives a bare -f mirrord’s default path, and takes a following value or `-`', () => {
    expect(ok(['-L', 'db:1', '-f']).configFile).toBe('./.mirrord/mirrord.json');
    expect(ok(['-f', '-L', 'db:1']).configFile).toBe('./.mirrord/mirrord.json');
    expect(ok(['-f', 'x.json', '-L', 'db:1']).configFile).toBe('x.json');
    expect(ok(['-fx.yaml', '-L', 'db:1']).configFile).toBe('x.yaml');
    expect(ok(['--config-file', '-', '-L', 'db:1']).configFile).toBe('-');
  });

  it('reads -c only with `=`, bare meaning true, and warns like mirrord', () => {
    const o = ok(['-c', '-L', 'db:1']);
    expect(o.acceptInvalidCertificates).toBe(true);
    expect(o.warnings).toContain('Accepting invalid certificates');
    expect(
      ok(['--accept-invalid-certificates=false', '-L', 'db:1']).acceptInvalidCertificates,
    ).toBe(false);
    expect(fail(['-c', 'true', '-L', 'db:1'])).toBe("error: unexpected argument 'true' found");
  });

  it('accepts clustered switches', () => {
    const o = ok(['-ec', '-t', 'pod/x', '-L', 'db:1']);
    expect(o.agent.ephemeral).toBe(true);
    expect(o.acceptInvalidCertificates).toBe(true);
    expect(ok(['-cL', 'db:1']).local).toHaveLength(1);
    expect(ok(['-eLdb:1', '-t', 'pod/x']).agent.ephemeral).toBe(true);
  });

  it('returns help without requiring mappings', () => {
    expect(ok(['--help']).help).toBe(true);
    expect(ok(['-h', '-t', 'pod/x']).help).toBe(true);
  });
});

describe('parsePortForwardArgs: errors', () => {
  it('`-L 0:py-serv:80` says Port `0` is not allowed', () => {
    expect(fail(['-L', '0:py-serv:80'])).toBe(
      "error: invalid value '0:py-serv:80' for '--port-mapping <PORT_MAPPING>': Port `0` is not allowed in argument `0:py-serv:80`",
    );
  });

  it.each([
    [
      ['-R', 'a:b', '-t', 'pod/x'],
      "for '--reverse-port-mapping <REVERSE_PORT_MAPPING>': Failed to parse port `b` in argument `a:b`",
    ],
    [
      ['-L', '1:2:3:4'],
      'Invalid format of argument `1:2:3:4`, expected `[local-port:]remote-ipv4-or-hostname:remote-port`',
    ],
    [
      [],
      'error: the following required arguments were not provided: <--port-mapping <PORT_MAPPING>|--reverse-port-mapping <REVERSE_PORT_MAPPING>>',
    ],
    [['-t', 'pod/x'], 'error: the following required arguments were not provided'],
    [['-L', 'a:1', '--foo'], "error: unexpected argument '--foo' found"],
    [['-L', 'a:1', '-x'], "error: unexpected argument '-x' found"],
    [['-L', 'a:1', 'extra'], "error: unexpected argument 'extra' found"],
    [['-L', 'a:1', '--', '-L'], "error: unexpected argument '-L' found"],
    [
      ['-L'],
      "error: a value is required for '--port-mapping <PORT_MAPPING>' but none was supplied",
    ],
    [
      ['-t', '-L', 'a:1'],
      "error: a value is required for '--target <TARGET>' but none was supplied",
    ],
    [
      ['-L', 'a:1', '--target='],
      "error: a value is required for '--target <TARGET>' but none was supplied",
    ],
    [
      ['-L', 'a:1', '-t', 'pod/a', '-t', 'pod/b'],
      "error: the argument '--target <TARGET>' cannot be used multiple times",
    ],
    [
      ['-L', 'a:1', '--json', '--json'],
      "error: the argument '--json' cannot be used multiple times",
    ],
    [
      ['-L', 'a:1', '--json=yes'],
      "error: unexpected value 'yes' for '--json' found; no more were expected",
    ],
    [
      ['-L', 'a:1', '-c=yes'],
      "error: invalid value 'yes' for '--accept-invalid-certificates[=<ACCEPT_INVALID_CERTIFICATES>]': [possible values: true, false]",
    ],
    [
      ['-L', 'a:1', '--agent-ttl', 'soon'],
      "error: invalid value 'soon' for '--agent-ttl <AGENT_TTL>': invalid digit found in string",
    ],
    [
      ['-L', 'a:1', '--agent-startup-timeout=70000'],
      "error: invalid value '70000' for '--agent-startup-timeout <AGENT_STARTUP_TIMEOUT>': 70000 is not in 0..=65535",
    ],
    [
      ['-L', 'a:1', '-t', 'py-serv'],
      "error: invalid value 'py-serv' for '--target <TARGET>': Provided target: py-serv is unsupported. Did you remember to add a prefix, e.g. pod/py-serv?",
    ],
    [
      ['-L', 'a:1', '--bind', 'lan'],
      "error: invalid value 'lan' for '--bind <BIND>': not an IP address",
    ],
    [
      ['-L', '80:a:1', '-L', '80:b:2'],
      'error: An error occurred in the port-forwarding process: multiple port forwarding mappings found for local address `127.0.0.1:80`',
    ],
    [['-L', '80:a:1', '-L', '80:b:2', '--bind', '::1'], 'found for local address `[::1]:80`'],
    [
      ['-R', '80:1', '-R', '80:2', '-t', 'pod/x'],
      'multiple port forwarding mappings found for destination port `80`',
    ],
    [['-R', '80:8080'], 'error: -R needs a target'],
    [['-R', '80:8080', '-t', 'targetless'], 'error: -R needs a target'],
  ])('%j', (argv, message) => {
    expect(fail(argv)).toContain(message);
  });
});

describe('parsePortForwardArgs: environment', () => {
  const env = {
    MIRRORD_IMPERSONATED_TARGET: 'pod/from-env',
    MIRRORD_TARGET_NAMESPACE: 'env-ns',
    MIRRORD_KUBE_CONTEXT: 'env-ctx',
    MIRRORD_AGENT_IMAGE: 'env-image',
    MIRRORD_AGENT_NAMESPACE: 'env-agents',
    MIRRORD_AGENT_RUST_LOG: 'trace',
    MIRRORD_AGENT_TTL: '9',
    MIRRORD_AGENT_STARTUP_TIMEOUT: '99',
    MIRRORD_EPHEMERAL_CONTAINER: 'true',
    MIRRORD_TELEMETRY: 'false',
    MIRRORD_CONFIG_FILE: 'env.json',
    MIRRORD_KUBECONFIG: '/env/kube',
    MIRRORD_ACCEPT_INVALID_CERTIFICATES: 'true',
  };

  it('fills what the command line leaves out', () => {
    const o = ok(['-R', '80'], env);
    expect(o).toMatchObject({
      target: { kind: 'pod', name: 'from-env' },
      namespace: 'env-ns',
      context: 'env-ctx',
      configFile: 'env.json',
      kubeconfig: '/env/kube',
      acceptInvalidCertificates: true,
      telemetry: false,
      agent: {
        image: 'env-image',
        namespace: 'env-agents',
        logLevel: 'trace',
        ttl: 9,
        startupTimeout: 99,
        ephemeral: true,
      },
    });
  });

  it('lets flags win over the environment', () => {
    const o = ok(
      [
        '-R',
        '80',
        '-t',
        'deploy/cli',
        '-n',
        'cli-ns',
        '--context',
        'cli-ctx',
        '-i',
        'cli-image',
        '--agent-ttl',
        '1',
        '-c=false',
      ],
      env,
    );
    expect(o).toMatchObject({
      target: { kind: 'deployment', name: 'cli' },
      namespace: 'cli-ns',
      context: 'cli-ctx',
      acceptInvalidCertificates: false,
      agent: { image: 'cli-image', ttl: 1 },
    });
  });

  it('ignores empty variables and reports bad ones in mirrord’s words', () => {
    expect(ok(['-L', 'a:1'], { MIRRORD_IMPERSONATED_TARGET: '' }).target).toBeUndefined();
    expect(fail(['-L', 'a:1'], { MIRRORD_AGENT_TTL: 'x' })).toBe(
      'error: invalid MIRRORD_AGENT_TTL value `x`: invalid digit found in string',
    );
    expect(fail(['-L', 'a:1'], { MIRRORD_AGENT_TTL: '65536' })).toContain(
      'number too large to fit in target type',
    );
    expect(fail(['-L', 'a:1'], { MIRRORD_EPHEMERAL_CONTAINER: 'yes' })).toBe(
      'error: invalid MIRRORD_EPHEMERAL_CONTAINER value `yes`: provided string was not `true` or `false`',
    );
    expect(fail(['-L', 'a:1'], { MIRRORD_IMPERSONATED_TARGET: 'api' })).toContain(
      'error: invalid MIRRORD_IMPERSONATED_TARGET value `api`: Provided target: api is unsupported',
    );
  });

  it('defers the -R target check when a config file may supply the target', () => {
    expect(ok(['-R', '80', '-f']).reverse).toHaveLength(1);
  });
});

describe('warnings', () => {
  it('warns about a non-loopback bind and a pointless -e', () => {
    expect(ok(['-L', 'a:1', '--bind', '0.0.0.0', '-e']).warnings).toEqual([
      '--ephemeral-container has no effect without a target: a targetless agent runs as its own pod',
      'listening on 0.0.0.0: anyone who can reach this address can use these forwards',
    ]);
  });
});

describe('toRuleInputs', () => {
  it('makes one valid RuleInput per -L and -R', () => {
    const o = ok([
      '-L',
      '18080:py-serv:80',
      '-R',
      '80:8080',
      '-t',
      'deploy/api',
      '-n',
      'shop',
      '--context',
      'c',
      '--kubeconfig',
      'k',
      '--bind',
      '0.0.0.0',
    ]);
    const r = toRuleInputs(o);
    expect(r).toEqual({
      ok: true,
      value: [
        {
          direction: 'L',
          spec: '18080:py-serv:80',
          target: 'deployment/api',
          namespace: 'shop',
          context: 'c',
          kubeconfig: 'k',
          bindAddress: '0.0.0.0',
        },
        {
          direction: 'R',
          spec: '80:8080',
          target: 'deployment/api',
          namespace: 'shop',
          context: 'c',
          kubeconfig: 'k',
        },
      ],
    });
    if (r.ok) for (const rule of r.value) expect(RuleInputSchema.parse(rule)).toEqual(rule);
  });

  it('leaves out what was not given', () => {
    expect(toRuleInputs(ok(['-L', 'db:5432']))).toEqual({
      ok: true,
      value: [{ direction: 'L', spec: 'db:5432', bindAddress: '127.0.0.1' }],
    });
  });

  it('refuses -R when no target came from anywhere', () => {
    const r = toRuleInputs(ok(['-R', '80', '-f']));
    expect(r.ok === false && r.error.startsWith('error: -R needs a target')).toBe(true);
  });
});

describe('never throws', () => {
  it('returns a result for any argv and env', () => {
    const token = fc.oneof(
      fc.constantFrom(
        '-L',
        '-R',
        '-t',
        '-f',
        '-c',
        '-e',
        '-ec',
        '--',
        '-',
        '--json',
        '--bind',
        '--agent-ttl',
        '-c=x',
        '--target=',
      ),
      fc.string({ unit: fc.constantFrom(...'-=:/LRtfce0189abpod[]'.split('')), maxLength: 12 }),
      fc.string(),
    );
    const env = fc.dictionary(
      fc.constantFrom('MIRRORD_AGENT_TTL', 'MIRRORD_IMPERSONATED_TARGET', 'MIRRORD_TELEMETRY'),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), env, (argv, e) => {
        const r = parsePortForwardArgs(argv, e);
        if (!r.ok) {
          expect(r.error.startsWith('error: ')).toBe(true);
          expect(r.error).not.toContain('\n');
        } else if (!r.value.help) {
          expect(toRuleInputs(r.value).ok || r.value.reverse.length > 0).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
