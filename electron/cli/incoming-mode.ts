/** A `-f` file's incoming mode as it applies to the command's -R rules. */
import type { ParseResult } from '../../shared/mirrord-syntax/types.ts';
import type { RuleInput } from '../../shared/model.ts';
import type { PortForwardOptions } from './port-forward-options.ts';

const err = (error: string): { ok: false; error: string } => ({ ok: false, error });

/**
 * What a `-f` file's `feature.network.incoming.mode` means for -R: `steal` is honoured; `off` and
 * `mirror` are refused in words (mirrord itself quietly mirrors for both, and users then wonder
 * why their laptop sees nothing). Unstated: Portside's default (steal when the app owns the port,
 * else listen).
 */
export function incomingRuleMode(
  mode: PortForwardOptions['incomingMode'],
): ParseResult<Partial<Pick<RuleInput, 'incomingMode'>>> {
  if (mode === undefined) return { ok: true, value: {} };
  if (mode === 'steal') return { ok: true, value: { incomingMode: 'steal' } };
  if (mode === 'mirror')
    return err(
      'error: feature.network.incoming.mode "mirror" is not supported yet: Portside steals the port (or listens where nothing does); set "mode": "steal" in the config file',
    );
  return err(
    'error: feature.network.incoming.mode is "off" in the config file, but -R rules were given: remove the -R flags or set "mode": "steal"',
  );
}
