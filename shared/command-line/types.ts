import type { RuleInput } from '../model.ts';

/** What a pasted command line turns into: one rule input per mapping, plus what we did not take. */
export interface PastedRules {
  /** `mirrord` (also `portside port-forward`, same flags) or `kubectl`. */
  tool: 'mirrord' | 'kubectl';
  rules: RuleInput[];
  /** Things the user should know before saving (ignored flags, a port picked differently). */
  notes: string[];
}
