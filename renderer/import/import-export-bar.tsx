/** The one mount point of import, export and browser notifications in the window's shell. */
import { useState } from 'react';
import { ExportPanel } from '../export/export-panel.tsx';
import { NotifySettings } from '../notifications/notify-settings.tsx';
import { WebNotifications } from '../notifications/web-notifications.tsx';
import { ImportFeature } from './import-feature.tsx';

export function ImportExportBar() {
  const [exporting, setExporting] = useState(false);
  return (
    <div className="import-export-bar">
      <ImportFeature />
      <button type="button" onClick={() => setExporting(true)}>
        Export…
      </button>
      <WebNotifications />
      <NotifySettings />
      {exporting && <ExportPanel onClose={() => setExporting(false)} />}
    </div>
  );
}
