import { useMemo, useState } from 'react';
import { chooseLocalPort, usedLocalPorts } from '../pickers/local-port.ts';
import type { ForwardRequest } from '../pickers/port-list.tsx';
import { useStore } from '../store/index.ts';
import { selectRules } from '../store/selectors.ts';
import { checkDraft, EMPTY_DRAFT, fromRule, type Draft } from './rule-draft.ts';

/** The editor's fields, their live check, and the note a picked port came with. */
export function useDraft(editId: string | undefined, onChange: () => void) {
  const [draft, setDraft] = useState<Draft>(() => {
    const rule = editId ? useStore.getState().rulesById[editId] : undefined;
    return rule ? fromRule(rule) : EMPTY_DRAFT;
  });
  const [portNote, setPortNote] = useState<string | null>(null);
  const check = useMemo(() => checkDraft(draft), [draft]);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (patch.spec !== undefined) setPortNote(null);
    onChange();
  };
  /** "Forward this port": a -L rule to it, on a local port said before saving when it differs. */
  const forward = (f: ForwardRequest) => {
    const used = usedLocalPorts(selectRules(useStore.getState()), editId);
    const choice = chooseLocalPort(f.remotePort, used);
    set({
      direction: 'L',
      spec: `${choice.port}:${f.host}:${f.remotePort}`,
      target: f.target ?? '',
    });
    setPortNote(choice.note ?? null);
  };
  /** After a save: the next rule starts from the same cluster fields. */
  const clearSpec = () => {
    setDraft((d) => ({ ...d, spec: '', name: '' }));
    setPortNote(null);
  };
  return { draft, check, portNote, set, forward, clearSpec };
}
