import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetStore, useStore } from '../store/index.ts';
import { ruleView } from '../testing/fake-api.ts';
import { ExportPanel } from './export-panel.tsx';

beforeEach(() => {
  resetStore();
  useStore.getState().setRules([
    ruleView({
      id: 'a',
      direction: 'R',
      spec: '80:19090',
      target: 'deployment/py-serv',
      namespace: 'default',
      incomingMode: 'steal',
    }),
    ruleView({
      id: 'b',
      direction: 'L',
      spec: '18080:py-serv:80',
      target: 'deployment/py-serv',
      namespace: 'default',
    }),
    ruleView({ id: 'c', direction: 'L', spec: '5432:db:5432' }),
  ]);
  useStore.getState().setProfiles([{ name: 'shop', ruleIds: ['a'], running: true }]);
});
afterEach(cleanup);

describe('export panel', () => {
  it('all rules: one group per target, each with its file and both command lines', () => {
    render(<ExportPanel onClose={() => {}} />);
    expect(screen.getAllByTestId('export-portside').map((p) => p.textContent)).toEqual([
      'bin/portside port-forward -t deployment/py-serv -n default -R 80:19090 -L 18080:py-serv:80',
      'bin/portside port-forward -L 5432:db:5432',
    ]);
    expect(screen.getAllByTestId('export-mirrord')[0]?.textContent).toBe(
      'mirrord port-forward -f mirrord.json -t deployment/py-serv -n default -R 80:19090 -L 18080:py-serv:80',
    );
  });

  it('a profile exports only its rules; Copy puts the text on the clipboard', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: (t: string) => Promise.resolve(void copied.push(t)) },
      configurable: true,
    });
    render(<ExportPanel onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText('Rules to export'), {
      target: { value: 'profile:shop' },
    });
    const config = screen.getByTestId('export-config').textContent ?? '';
    expect(JSON.parse(config)).toEqual({
      target: { path: 'deployment/py-serv', namespace: 'default' },
      feature: {
        network: { incoming: { mode: 'steal', ports: [19090], port_mapping: [[19090, 80]] } },
      },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy mirrord.json' }));
    });
    expect(copied).toEqual([config]);
    expect(screen.getByRole('button', { name: 'Copy mirrord.json' }).textContent).toBe('Copied');
  });
});
