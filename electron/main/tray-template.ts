/** The tray model → Electron menu template; pure, so tests check it without Electron. */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from './tray-model.ts';

/** One template item per model item; `act` runs an item's action when it is clicked. */
export function toMenuTemplate(
  items: readonly TrayItem[],
  act: (a: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'submenu':
        return { label: item.label, submenu: toMenuTemplate(item.items, act) };
      case 'rule':
        return {
          type: 'checkbox',
          label: item.label,
          checked: item.checked,
          click: () => act(item.action),
        };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => act(item.action) };
    }
  });
}
