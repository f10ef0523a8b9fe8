/** Pasted command lines (mirrord, kubectl) → rule inputs. Pure; no side effects. */
export { parseCommandLine, looksLikeCommandLine } from './parse-command-line.ts';
export { shellWords } from './shell-words.ts';
export type { PastedRules } from './types.ts';
