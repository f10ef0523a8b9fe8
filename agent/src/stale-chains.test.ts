import { describe, expect, it } from 'vitest';
import { CHAIN } from './iptables.ts';
import { chainsOf } from './stale-chains.ts';

describe('chainsOf', () => {
  it("lists other agents' chains with their redirect ports, never this agent's own", () => {
    const text = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':PORTSIDE-A1B2C3 - [0:0]',
      ':PORTSIDE-EMPTY1 - [0:0]',
      `:${CHAIN} - [0:0]`,
      '-A PREROUTING -p tcp -j PORTSIDE-A1B2C3',
      '-A PORTSIDE-A1B2C3 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 34137',
      '-A PORTSIDE-A1B2C3 -p tcp -m tcp --dport 81 -j REDIRECT --to-ports 34138',
      `-A ${CHAIN} -p tcp -m tcp --dport 82 -j REDIRECT --to-ports 1`,
      'COMMIT',
    ].join('\n');
    expect([...chainsOf(text)]).toEqual([
      ['PORTSIDE-A1B2C3', [34137, 34138]],
      ['PORTSIDE-EMPTY1', []],
    ]);
  });
});
