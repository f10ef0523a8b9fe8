import { describe, expect, it } from 'vitest';
import { looksLikeCommandLine, parseCommandLine } from './parse-command-line.ts';
import { shellWords } from './shell-words.ts';

const ok = (text: string) => {
  const r = parseCommandLine(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const err = (text: string) => {
  const r = parseCommandLine(text);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.error;
};

describe('shellWords', () => {
  it('handles quotes, escapes, continuations and a prompt', () => {
    expect(
      shellWords(`$ mirrord port-forward \\\n  -L "80 80" -t 'pod/a b' x\\ y "a\\"b"`),
    ).toEqual({
      ok: true,
      value: ['mirrord', 'port-forward', '-L', '80 80', '-t', 'pod/a b', 'x y', 'a"b'],
    });
    expect(shellWords(`a '' "" b`)).toEqual({ ok: true, value: ['a', '', '', 'b'] });
  });
  it('rejects an unterminated quote', () => {
    expect(shellWords(`mirrord -L 'abc`)).toEqual({
      ok: false,
      error: "The command line has an unterminated ' quote",
    });
  });
});

describe('mirrord port-forward', () => {
  it('turns every -L and -R into a rule with target, namespace and context', () => {
    const v = ok(
      'mirrord port-forward -t deployment/py-serv -n shop --context=kind-dev ' +
        '-L 18090:localhost:80 --port-mapping=18091:py-serv:80 -R 9090:3000',
    );
    const common = { target: 'deployment/py-serv', namespace: 'shop', context: 'kind-dev' };
    expect(v.tool).toBe('mirrord');
    expect(v.rules).toEqual([
      { direction: 'L', spec: '18090:localhost:80', ...common },
      { direction: 'L', spec: '18091:py-serv:80', ...common },
      { direction: 'R', spec: '9090:3000', ...common },
    ]);
    expect(v.notes).toEqual([]);
  });
  it('reads the issue example over continuation lines and notes ignored agent flags', () => {
    const v = ok(
      './bin/mirrord port-forward \\\n -t deployment/py-serv \\\n -L 18090:localhost:80 -L18091:py-serv:80 -e',
    );
    expect(v.rules.map((r) => r.spec)).toEqual(['18090:localhost:80', '18091:py-serv:80']);
    expect(v.notes).toEqual([
      '--ephemeral-container is not used by Portside rules and was left out',
    ]);
  });
  it('takes portside port-forward (same flags) with --bind', () => {
    expect(ok('portside port-forward --bind 0.0.0.0 -L 5432:db:5432').rules).toEqual([
      { direction: 'L', spec: '5432:db:5432', bindAddress: '0.0.0.0' },
    ]);
  });
  it("answers with mirrord's messages", () => {
    expect(err('mirrord port-forward -L 80')).toBe(
      'Invalid format of argument `80`, expected `[local-port:]remote-ipv4-or-hostname:remote-port`',
    );
    expect(err('mirrord port-forward -L 8080:a:80 -L 8080:b:81')).toBe(
      'multiple port forwarding mappings found for local address `127.0.0.1:8080`',
    );
    expect(err('mirrord port-forward -R 80:3000')).toContain('-R needs a target');
    expect(err('mirrord port-forward -t py-serv -L 1:a:2')).toContain(
      'Provided target: py-serv is unsupported',
    );
    expect(err('mirrord port-forward -t pod/x')).toContain(
      'the following required arguments were not provided',
    );
    expect(err('mirrord port-forward --steal -L 1:a:2')).toBe(
      "error: unexpected argument '--steal' found",
    );
    expect(err('mirrord port-forward -L')).toBe(
      "error: a value is required for '--port-mapping' but none was supplied",
    );
    expect(err('mirrord port-forward -f cfg.json')).toContain('import the file itself');
    expect(err('mirrord exec -- node app.js')).toBe(
      'Only `mirrord port-forward` can be pasted here',
    );
  });
});

describe('kubectl port-forward', () => {
  it('maps workloads to targeted rules on their own port', () => {
    const v = ok('kubectl -n shop port-forward deploy/py-serv 8080:80 :81 82 --context dev');
    const base = {
      direction: 'L',
      target: 'deployment/py-serv',
      namespace: 'shop',
      context: 'dev',
    };
    expect(v.rules).toEqual([
      { ...base, spec: '8080:localhost:80' },
      { ...base, spec: 'localhost:81' },
      { ...base, spec: 'localhost:82' },
    ]);
    expect(v.notes).toEqual([
      '`:81`: kubectl picks a random local port; Portside uses 81 (change it before saving if taken)',
    ]);
  });
  it('maps pods (bare name too), statefulsets and replicasets', () => {
    const targets = [
      'kubectl port-forward web-0 1:2',
      'kubectl port-forward pods/web-0 1:2',
      'kubectl port-forward sts/db 1:2',
      'kubectl port-forward rs/api-123 1:2',
    ].map((t) => ok(t).rules[0]?.target);
    expect(targets).toEqual(['pod/web-0', 'pod/web-0', 'statefulset/db', 'replicaset/api-123']);
  });
  it('maps a Service to a targetless rule to the Service name, with --address', () => {
    const v = ok(
      'kubectl port-forward svc/py-serv 18080:80 --address=localhost,0.0.0.0 -n default',
    );
    expect(v.rules).toEqual([
      { direction: 'L', spec: '18080:py-serv:80', namespace: 'default', bindAddress: '127.0.0.1' },
    ]);
    expect(v.notes).toEqual(['--address lists 2 addresses; the rules listen on 127.0.0.1 only']);
  });
  it('says what is wrong in words', () => {
    expect(err('kubectl get pods')).toBe(
      'Only `kubectl port-forward` can be pasted, not `kubectl get`',
    );
    expect(err('kubectl port-forward pod/x')).toBe(
      'error: TYPE/NAME and list of ports are required for port-forward',
    );
    expect(err('kubectl port-forward job/x 1:2')).toContain('not `job/x`');
    expect(err('kubectl port-forward pod/x 8080:http')).toContain('`http` is a name');
    expect(err('kubectl port-forward pod/x 1:2:3')).toContain('expected [LOCAL_PORT:]REMOTE_PORT');
    expect(err('kubectl port-forward pod/x 0:80')).toContain('Port `0` is not allowed');
    expect(err('kubectl port-forward pod/x 8080:80 8080:81')).toContain('127.0.0.1:8080');
    expect(err('kubectl port-forward pod/x 1:2 --address nope')).toContain('not an IP address');
  });
});

describe('environment assignments', () => {
  it('are skipped with a note, since a paste does not read them', () => {
    const v = ok('MIRRORD_AGENT_IMAGE=x KUBECONFIG=/k mirrord port-forward -L 1:a:2');
    expect(v.rules).toEqual([{ direction: 'L', spec: '1:a:2' }]);
    expect(v.notes).toEqual([
      'Environment settings (MIRRORD_AGENT_IMAGE, KUBECONFIG) are not read from a paste; use flags instead',
    ]);
    expect(err('A=1 B=2')).toContain('Paste a `mirrord port-forward');
  });
});

describe('detection', () => {
  it('tells a command line from a spec', () => {
    expect(looksLikeCommandLine('mirrord port-forward -L 1:a:2')).toBe(true);
    expect(looksLikeCommandLine('  MIRRORD_X=1 /usr/local/bin/kubectl port-forward')).toBe(true);
    expect(looksLikeCommandLine('8080:api:80')).toBe(false);
    expect(looksLikeCommandLine("mirrord port-forward -L '1")).toBe(true);
    expect(err('ssh -L 1:a:2 host')).toContain('Paste a `mirrord port-forward');
  });
});
