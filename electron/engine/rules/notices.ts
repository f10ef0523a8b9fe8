/** App-level notices: bounded, newest last; shown until the user dismisses them. */
import type { Notice } from '../../../shared/model.ts';
import type { Notices } from '../api/engine.ts';
import type { Clock } from '../clock.ts';

const MAX_NOTICES = 50;

export function createNotices(clock: Clock): Notices {
  let items: Notice[] = [];
  let seq = 0;
  const listeners = new Set<(n: Notice[]) => void>();
  const changed = (): void => {
    for (const l of [...listeners]) l([...items]);
  };
  return {
    list: () => [...items],
    add(level, message) {
      const notice: Notice = { id: `n${++seq}`, level, message, at: clock.now() };
      items = [...items, notice].slice(-MAX_NOTICES);
      changed();
      return notice;
    },
    dismiss(id) {
      const before = items.length;
      items = items.filter((n) => n.id !== id);
      if (items.length !== before) changed();
    },
    onChanged(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
