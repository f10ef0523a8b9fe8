/** POSIX shell quoting for the command lines Portside shows to copy. */

const SAFE = /^[A-Za-z0-9_\-./:=@,+%]+$/;

/** `it's` → `'it'\''s'`; plain words stay as they are. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export const shellJoin = (words: readonly string[]): string => words.map(shellQuote).join(' ');
