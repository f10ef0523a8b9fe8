import { useCallback, useReducer } from 'react';
import { errorText } from '../../shared/errors.ts';
import type { PortsideApi } from '../../shared/contract.ts';
import { confirmImport, hostEnv, previewWith, readPicked, type PickedFile } from './import-flow.ts';
import { closed, importReducer, rulesToCreate } from './import-state.ts';

/** The import's state and its actions: open a file, retype template variables, confirm. */
export function useImport(api: PortsideApi) {
  const [s, dispatch] = useReducer(importReducer, closed);
  const open = useCallback(
    (file: PickedFile) => {
      dispatch({ type: 'reading', file: file.name });
      void (async () => {
        const read = await readPicked(file);
        if (!read.ok)
          return dispatch({ type: 'read', env: { fromHost: {}, missing: [] }, result: read });
        const env = await hostEnv(api, read.source);
        dispatch({
          type: 'read',
          source: read.source,
          env,
          result: previewWith(read.source, env, {}),
        });
      })();
    },
    [api],
  );
  const ready = s.phase === 'ready' || s.phase === 'saving' ? s : undefined;
  const retype = (typed: Record<string, string>) => {
    if (ready?.source)
      dispatch({ type: 'retyped', typed, result: previewWith(ready.source, ready.env, typed) });
  };
  const confirm = () => {
    if (!ready) return;
    dispatch({ type: 'saving' });
    confirmImport(api, rulesToCreate(ready), ready.profileName.trim(), ready.start).then(
      (outcome) => dispatch({ type: 'saved', outcome }),
      (err: unknown) => dispatch({ type: 'saved', outcome: { ok: false, error: errorText(err) } }),
    );
  };
  return { s, ready, dispatch, open, retype, confirm };
}
