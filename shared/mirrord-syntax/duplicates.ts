/** Duplicate detection across several `-L` / `-R` mappings, with mirrord's texts. */
import type { ReverseMapping } from './types.ts';
import { joinHostPort } from './host.ts';
import { duplicateLocalError, duplicateRemoteError } from './messages.ts';

/** A local listener: its port and, for our `--bind` extension, the address (127.0.0.1 by default). */
export interface LocalSlot {
  localPort: number;
  bindAddress?: string;
}

/** The first `-L` whose local address repeats an earlier one, as mirrord's message; else undefined. */
export function findDuplicateLocal(
  mappings: readonly LocalSlot[],
  bindAddress = '127.0.0.1',
): string | undefined {
  const seen = new Set<string>();
  for (const m of mappings) {
    const address = joinHostPort(m.bindAddress ?? bindAddress, m.localPort);
    if (seen.has(address)) return duplicateLocalError(address);
    seen.add(address);
  }
  return undefined;
}

/** The first `-R` whose remote port repeats an earlier one, as mirrord's message; else undefined. */
export function findDuplicateRemote(mappings: readonly ReverseMapping[]): string | undefined {
  const seen = new Set<number>();
  for (const m of mappings) {
    if (seen.has(m.remotePort)) return duplicateRemoteError(m.remotePort);
    seen.add(m.remotePort);
  }
  return undefined;
}
