/** OS notifications for rule failures and recoveries (policy: shared/notify-policy.ts). */
import { Notification } from 'electron';
import type { EventEmitterFn } from '../../shared/contract.ts';
import type { Engine } from '../engine/api/engine.ts';
import { startNotificationFeed } from './notifications-feed.ts';
import type { MainWindow } from './window.ts';

/** Shows one OS notification; clicking it runs `onClick`. Quietly nothing where unsupported. */
export function showOsNotification(title: string, body: string, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title, body });
  if (onClick) n.on('click', onClick);
  n.show();
}

/** Watches the engine's rules; a click brings the window up on that rule. Returns the stop function. */
export function setupNotifications(
  engine: Engine,
  window: MainWindow,
  emit: EventEmitterFn,
  log: (message: string) => void,
): () => void {
  return startNotificationFeed({
    engine,
    log,
    focused: () => window.current()?.isFocused() === true,
    show: (n, onClick) => showOsNotification(n.title, n.body, onClick),
    openRule: (id) => {
      window.focus();
      // Queued by the IPC host until the page is ready, so a reopened window gets it too.
      emit('app:open-rule', { id });
    },
    now: () => Date.now(),
  });
}
