/** Renderer entry: pick the transport, bind host events once, then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api.ts';
import { ApiProvider } from './api-context.tsx';
import './shell/shell.css';
import { App } from './shell/app.tsx';
import { bindApi } from './store/bind-api.ts';

const handle = connectApi();
// Outside React on purpose: StrictMode runs effects twice, listeners must be bound exactly once.
bindApi(handle);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApiProvider api={handle.api}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
}
