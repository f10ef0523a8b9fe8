import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../model.ts';
import { parseCommandLine } from '../command-line/index.ts';
import { exportRules } from './export.ts';
import { previewImport } from './import-preview.ts';
import { shellQuote } from './shell-quote.ts';

const reimport = (text: string) => {
  const result = previewImport(
    { name: 'mirrord.json', bytes: new TextEncoder().encode(text) },
    { env: {} },
  );
  if (!result.ok) throw new Error(result.error.text);
  return result.value;
};

const cluster = { target: 'deployment/py-serv', namespace: 'default', context: 'kind-dev' };

describe('exportRules', () => {
  it('the Done-when rule → config file, mirrord and portside command lines', () => {
    const [group, ...rest] = exportRules([
      { direction: 'R', spec: '80:19090', incomingMode: 'steal', ...cluster },
      { direction: 'L', spec: '8080:py-serv:80', ...cluster },
    ]);
    expect(rest).toEqual([]);
    expect(JSON.parse(group?.configText ?? '')).toEqual({
      target: { path: 'deployment/py-serv', namespace: 'default' },
      kube_context: 'kind-dev',
      feature: {
        network: { incoming: { mode: 'steal', ports: [19090], port_mapping: [[19090, 80]] } },
      },
    });
    expect(group?.mirrordCommand).toBe(
      'mirrord port-forward -f mirrord.json -t deployment/py-serv -n default --context kind-dev -R 80:19090 -L 8080:py-serv:80',
    );
    expect(group?.portsideCommand).toBe(
      'bin/portside port-forward -t deployment/py-serv -n default --context kind-dev -R 80:19090 -L 8080:py-serv:80',
    );
    expect(group?.notes).toEqual([
      '-L rules have no place in a mirrord config file: they are in the command lines only',
    ]);
  });

  it('groups by cluster, target and -R mode, since one mirrord config names one of each', () => {
    const groups = exportRules([
      { direction: 'R', spec: '80', incomingMode: 'steal', target: 'pod/a' },
      { direction: 'R', spec: '81', incomingMode: 'listen', target: 'pod/a' },
      { direction: 'L', spec: 'db:5432', target: 'pod/b', context: 'prod' },
      { direction: 'L', spec: '9000:api:80' },
    ]);
    expect(groups.map((g) => [g.target, g.context, g.rules.map((r) => r.spec)])).toEqual([
      ['pod/a', undefined, ['80']],
      ['pod/a', undefined, ['81']],
      ['pod/b', 'prod', ['db:5432']],
      ['targetless', undefined, ['9000:api:80']],
    ]);
    expect(groups[1]?.notes.join(' ')).toMatch(/no `listen` mode/);
    expect(groups[3]?.configText).toBe('{}\n');
    expect(groups[3]?.portsideCommand).toBe('bin/portside port-forward -L 9000:api:80');
  });

  it('quotes what the shell would split, and passes the kubeconfig the way each tool takes it', () => {
    const [group] = exportRules([
      {
        direction: 'L',
        spec: '5432:db:5432',
        target: 'pod/db-0',
        kubeconfig: "/home/me/it's/config",
        bindAddress: '0.0.0.0',
      },
    ]);
    expect(group?.mirrordCommand).toBe(
      "MIRRORD_KUBECONFIG='/home/me/it'\\''s/config' mirrord port-forward -t pod/db-0 -L 5432:db:5432",
    );
    expect(group?.portsideCommand).toBe(
      "bin/portside port-forward -t pod/db-0 -L 5432:db:5432 --kubeconfig '/home/me/it'\\''s/config' --bind 0.0.0.0",
    );
    expect(shellQuote('')).toBe("''");
  });
});

describe('export → import round trip', () => {
  const cases: [string, RuleInput[]][] = [
    [
      'steal, mapped and same-port',
      [
        { direction: 'R', spec: '80:19090', incomingMode: 'steal', ...cluster },
        { direction: 'R', spec: '8443', incomingMode: 'steal', ...cluster },
      ],
    ],
    [
      'auto, with a kubeconfig, no context',
      [
        {
          direction: 'R',
          spec: '9000:3000',
          incomingMode: 'auto',
          target: 'pod/api-0/container/app',
          kubeconfig: '/k/config',
        },
      ],
    ],
    [
      'a statefulset in another namespace',
      [
        {
          direction: 'R',
          spec: '5432:15432',
          incomingMode: 'steal',
          target: 'statefulset/db',
          namespace: 'data',
        },
      ],
    ],
  ];
  it.each(cases)('%s: the file imports back to the same -R rules', (_name, rules) => {
    const [group] = exportRules(rules);
    const back = reimport(group?.configText ?? '');
    expect(back.rules).toEqual(rules);
    expect(back.target).toBe(rules[0]?.target);
  });

  it('listen comes back as auto (mirrord has no listen mode), and says so on export', () => {
    const rules: RuleInput[] = [
      { direction: 'R', spec: '81', incomingMode: 'listen', target: 'pod/a' },
    ];
    const [group] = exportRules(rules);
    expect(reimport(group?.configText ?? '').rules).toEqual([
      { ...rules[0], incomingMode: 'auto' },
    ]);
  });
});

describe('command lines → the paste parser → the same rules', () => {
  const rules: RuleInput[] = [
    { direction: 'L', spec: '8080:py-serv:80', ...cluster, kubeconfig: "/k/it's config" },
    { direction: 'R', spec: '80:19090', ...cluster, kubeconfig: "/k/it's config" },
  ];
  const pasted = (line: string) => {
    const result = parseCommandLine(line);
    if (!result.ok) throw new Error(result.error);
    return result.value.rules;
  };

  it('bin/portside port-forward …', () => {
    const [group] = exportRules(rules);
    expect(pasted(group?.portsideCommand ?? '')).toEqual(rules);
  });

  it('mirrord port-forward … (its kubeconfig from the environment)', () => {
    const [group] = exportRules(rules.map(({ kubeconfig: _k, ...r }) => r));
    expect(pasted(group?.mirrordCommand ?? '')).toEqual(rules.map(({ kubeconfig: _k, ...r }) => r));
  });
});
