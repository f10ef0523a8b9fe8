import { useEffect } from 'react';
import { useStore } from '../store/index.ts';

const typing = (el: Element | null): boolean =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement ||
  (el instanceof HTMLElement && el.isContentEditable);

/**
 * `/` jumps to the rule filter, `n` to the spec field of the editor, Escape leaves editing.
 * Letters are ignored while the user types in a field, so they never steal a keystroke.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape' && useStore.getState().editor.mode === 'edit') {
        useStore.getState().setEditor({ mode: 'closed' });
        return;
      }
      if (typing(document.activeElement)) return;
      const target =
        e.key === '/'
          ? document.querySelector<HTMLElement>('[data-shortcut="filter"]')
          : e.key === 'n'
            ? document.querySelector<HTMLElement>('[data-shortcut="spec"]')
            : null;
      if (!target) return;
      e.preventDefault();
      target.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
