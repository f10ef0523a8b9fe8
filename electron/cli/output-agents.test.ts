import { describe, expect, it } from 'vitest';
import type { RuleView } from '../../shared/model.ts';
import { createOutputPrinter } from './output-printer.ts';

const stats = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };
const ruleR = (agents: RuleView['agents']): RuleView => ({
  id: 'r1',
  name: 'r',
  direction: 'R',
  spec: '80:19090',
  target: 'deployment/py-serv',
  enabled: true,
  state: 'starting',
  stats,
  agents,
});

describe('agent progress lines', () => {
  it('prints each pod agent once per change, with mode when ready', () => {
    const p = createOutputPrinter('human');
    const a = { pod: 'py-serv-1', namespace: 'default' };
    expect(p.rules([ruleR([{ ...a, state: 'creating' }])])).toEqual([
      'agent default/py-serv-1 creating for rule R deployment/py-serv:80 → 127.0.0.1:19090',
    ]);
    expect(p.rules([ruleR([{ ...a, state: 'creating' }])])).toEqual([]);
    expect(p.rules([ruleR([{ ...a, state: 'ready', mode: 'steal' }])])).toEqual([
      'agent default/py-serv-1 ready (steal) for rule R deployment/py-serv:80 → 127.0.0.1:19090',
    ]);
  });

  it('has an NDJSON form', () => {
    const p = createOutputPrinter('json');
    const line = p.rules([
      ruleR([{ pod: 'p', namespace: 'default', state: 'failed', reason: 'ErrImagePull' }]),
    ]);
    expect(line.map((l) => JSON.parse(l) as { type: string })).toContainEqual({
      type: 'agent',
      rule: 'r1',
      pod: 'p',
      namespace: 'default',
      state: 'failed',
      reason: 'ErrImagePull',
    });
  });
});
