import { errorText } from '../../shared/errors.ts';
import { useApi } from '../api-context.tsx';
import { useStore } from '../store/index.ts';

/** App-wide problems (state not loadable, link lost, state file kept aside), never modal. */
export function Banner() {
  const api = useApi();
  const appError = useStore((s) => s.appError);
  const link = useStore((s) => s.link);
  const notices = useStore((s) => s.notices);
  const dismiss = (id: string) => {
    api.appDismissNotice({ id }).then(
      () => useStore.getState().setNotices(useStore.getState().notices.filter((n) => n.id !== id)),
      (err: unknown) => useStore.getState().setAppError(errorText(err)),
    );
  };
  return (
    <>
      {link === 'lost' && (
        <p className="banner" role="alert">
          Lost the connection to Portside. Reconnecting…
        </p>
      )}
      {appError && link !== 'lost' && (
        <p className="banner banner-error" role="alert">
          {appError}
        </p>
      )}
      {notices.map((n) => (
        <p key={n.id} className={`banner banner-${n.level}`} role="alert" data-testid="notice">
          <span>{n.message}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            Dismiss
          </button>
        </p>
      ))}
    </>
  );
}
