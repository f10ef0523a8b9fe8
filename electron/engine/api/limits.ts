/**
 * Bounds on what a host's user can make the engine hold. Over a bound the request is refused
 * with LimitReached and nothing changes; a hostile or buggy client cannot exhaust the heap.
 */
import { PortsideError } from '../../../shared/errors.ts';
import type { Engine } from './engine.ts';

/** Rules per engine. Peers degrade at 25–30 forwards; 200 leaves room for big profiles. */
export const MAX_RULES = 200;

/** Throws LimitReached when the engine already holds `max` rules. */
export function checkRuleCapacity(engine: Engine, max = MAX_RULES): void {
  if (engine.listRules().length >= max)
    throw new PortsideError(
      'LimitReached',
      `Portside holds at most ${max} rules; remove one before adding another`,
    );
}
