import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../../shared/model.ts';
import type { StoreState } from './index.ts';

export type ConnFilter = 'all' | 'live' | ConnectionState;

/** What the editor shows: nothing, a new rule, or an existing one by id. */
export type EditorState = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; ruleId: string };

/** View state only the window cares about (never sent to the host). */
export interface UiSlice {
  filter: string;
  selected: Record<string, true>;
  /** Rules whose connections panel the user folded away. */
  folded: Record<string, true>;
  connFilter: Record<string, ConnFilter>;
  editor: EditorState;
  /** The last removed rule, offered back by the undo bar. */
  undo: { id: string; name: string } | null;
  /** A rule to bring into view (a clicked notification); its row scrolls to it and clears this. */
  focusRuleId: string | null;
  setFilter(filter: string): void;
  toggleSelected(id: string, on: boolean): void;
  setSelection(ids: readonly string[]): void;
  toggleFolded(id: string): void;
  setConnFilter(ruleId: string, f: ConnFilter): void;
  setEditor(e: EditorState): void;
  setUndo(u: { id: string; name: string } | null): void;
  /** Shows a rule: clears the filter, unfolds its connections, scrolls to it. */
  focusRule(id: string | null): void;
}

export const initialUi = {
  filter: '',
  selected: {} as Record<string, true>,
  folded: {} as Record<string, true>,
  connFilter: {} as Record<string, ConnFilter>,
  editor: { mode: 'closed' } as EditorState,
  undo: null as { id: string; name: string } | null,
  focusRuleId: null as string | null,
};

const toggleKey = (rec: Record<string, true>, id: string, on: boolean): Record<string, true> => {
  const { [id]: _was, ...rest } = rec;
  return on ? { ...rest, [id]: true } : rest;
};

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
  ...initialUi,
  setFilter: (filter) => set({ filter }),
  toggleSelected: (id, on) => set((s) => ({ selected: toggleKey(s.selected, id, on) })),
  setSelection: (ids) => set({ selected: Object.fromEntries(ids.map((id) => [id, true])) }),
  toggleFolded: (id) => set((s) => ({ folded: toggleKey(s.folded, id, !s.folded[id]) })),
  setConnFilter: (ruleId, f) => set((s) => ({ connFilter: { ...s.connFilter, [ruleId]: f } })),
  setEditor: (editor) => set({ editor }),
  setUndo: (undo) => set({ undo }),
  focusRule: (id) =>
    set((s) =>
      id === null
        ? { focusRuleId: null }
        : { focusRuleId: id, filter: '', folded: toggleKey(s.folded, id, false) },
    ),
});
