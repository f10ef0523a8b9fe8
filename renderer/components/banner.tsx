import { useStore } from '../store/index.ts';

/** App-wide problems (state not loadable, link lost), never modal. */
export function Banner() {
  const appError = useStore((s) => s.appError);
  const link = useStore((s) => s.link);
  if (link === 'lost') {
    return (
      <p className="banner" role="alert">
        Lost the connection to Portside. Reconnecting…
      </p>
    );
  }
  if (!appError) return null;
  return (
    <p className="banner" role="alert">
      {appError}
    </p>
  );
}
