/**
 * The bad-input corpus: files in this folder, plus entries too big or too special to commit
 * (a 5 MB kubeconfig, a 20 MB mirrord config, a FIFO, /dev/zero, a directory), made in a temp
 * folder by `specialFiles()`. Each entry point's test feeds every entry and checks `cleanError`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface FileEntry {
  name: string;
  path: string;
}

/** The committed files of one corpus folder (`kubeconfig`, `mirrord`). */
export function corpusFiles(folder: 'kubeconfig' | 'mirrord'): FileEntry[] {
  const dir = join(here, folder);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name: `${folder}/${name}`, path: join(dir, name) }));
}

/** One JSON value per line of a committed `.jsonl` file. */
export function corpusLines<T>(file: string): T[] {
  return readFileSync(join(here, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

export interface SpecialFiles {
  entries: FileEntry[];
  cleanup(): void;
}

/** Generated entries for `kind` (its size limit + 1 MiB past it, plus the special files). */
export function specialFiles(kind: 'kubeconfig' | 'mirrord'): SpecialFiles {
  const dir = mkdtempSync(join(tmpdir(), `bad-${kind}-`));
  const huge = join(dir, kind === 'kubeconfig' ? 'huge.yaml' : 'huge.json');
  const mb = kind === 'kubeconfig' ? 5 : 20;
  const filler = kind === 'kubeconfig' ? '# x\n' : ' ';
  writeFileSync(
    huge,
    (kind === 'mirrord' ? '{"target":"pod/x"' : '') +
      filler.repeat((mb * 1024 * 1024) / filler.length) +
      (kind === 'mirrord' ? '}' : ''),
  );
  const fifo = join(dir, 'fifo.yaml');
  execFileSync('mkfifo', [fifo]);
  return {
    entries: [
      { name: `${kind}: ${mb} MB file`, path: huge },
      { name: `${kind}: a FIFO nobody writes`, path: fifo },
      { name: `${kind}: /dev/zero`, path: '/dev/zero' },
      { name: `${kind}: a directory`, path: dir },
      { name: `${kind}: a missing file`, path: join(dir, 'missing.yaml') },
    ],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Texts that mean a bug leaked to the user instead of a message written for them. */
const INTERNAL =
  /Cannot read propert|Maximum call stack|undefined|\[object Object\]|is not a function|Unexpected token|\n\s+at /;

/** Why `message` is not a clean one-line error, or undefined when it is. */
export function uncleanReason(message: string | undefined, secret?: string): string | undefined {
  if (!message) return 'no message';
  if (message.includes('\n')) return 'more than one line';
  // The CLI clips lines at 2,000 characters plus a note of what was cut.
  if (message.length > 2048) return `${message.length} characters`;
  // eslint-disable-next-line no-control-regex -- control characters are what we look for
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(message)) return 'control characters';
  if (INTERNAL.test(message)) return `internal text: ${message.slice(0, 120)}`;
  if (secret && message.includes(secret)) return 'quotes the file content';
  return undefined;
}

/** Tally of one entry point, printed by its test. */
export function tally(entry: string) {
  let tried = 0;
  const unclean: string[] = [];
  return {
    check(name: string, reason: string | undefined): void {
      tried += 1;
      if (reason) unclean.push(`${name}: ${reason}`);
    },
    get unclean() {
      return unclean;
    },
    print(): void {
      console.log(`bad inputs · ${entry}: tried ${tried}, clean ${tried - unclean.length}`);
    },
  };
}
