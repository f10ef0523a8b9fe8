/** A whole pasted `mirrord port-forward …` or `kubectl port-forward …` line → rule inputs. */
import type { ParseResult } from '../mirrord-syntax/types.ts';
import { parseKubectlArgs } from './kubectl-command.ts';
import { parseMirrordArgs } from './mirrord-command.ts';
import { shellWords } from './shell-words.ts';
import type { PastedRules } from './types.ts';

const PROGRAMS = /^(mirrord|portside|kubectl|k|oc)$/;

const basename = (word: string): string => word.split('/').at(-1) ?? word;

/** Leading `NAME=value` words set the environment for the command; they are not flags. */
const isEnvAssignment = (word: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);

/** True when the text starts like a command line rather than a bare `-L`/`-R` spec. */
export function looksLikeCommandLine(text: string): boolean {
  const words = shellWords(text);
  if (!words.ok) return /^\s*(\$\s+)?\S*(mirrord|kubectl|portside)\b/.test(text);
  const first = words.value.find((w) => !isEnvAssignment(w));
  return first !== undefined && PROGRAMS.test(basename(first));
}

/** Every `-L`/`-R` (mirrord) or port (kubectl) becomes a rule; errors in the tool's own words. */
export function parseCommandLine(text: string): ParseResult<PastedRules> {
  const split = shellWords(text);
  if (!split.ok) return split;
  const start = split.value.findIndex((w) => !isEnvAssignment(w));
  const words = start === -1 ? [] : split.value.slice(start);
  const env = split.value.slice(0, Math.max(start, 0));
  const program = basename(words[0] ?? '');
  const result = parseProgram(program, words);
  if (!result || !result.ok || env.length === 0) return result ?? notACommand;
  const names = env.map((w) => w.split('=')[0]).join(', ');
  const note = `Environment settings (${names}) are not read from a paste; use flags instead`;
  return { ok: true, value: { ...result.value, notes: [...result.value.notes, note] } };
}

const notACommand = {
  ok: false as const,
  error: 'Paste a `mirrord port-forward …` or `kubectl port-forward …` command line',
};

function parseProgram(program: string, words: string[]): ParseResult<PastedRules> | undefined {
  if (program === 'kubectl' || program === 'k' || program === 'oc') {
    return parseKubectlArgs(words.slice(1));
  }
  if (program === 'mirrord' || program === 'portside') {
    if (words[1] !== 'port-forward') {
      return { ok: false, error: `Only \`${program} port-forward\` can be pasted here` };
    }
    return parseMirrordArgs(words.slice(2));
  }
  return undefined;
}
