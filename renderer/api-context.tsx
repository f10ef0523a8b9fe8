/** Hands the PortsideApi to components (tests provide a fake through the same provider). */
import { createContext, useContext, type ReactNode } from 'react';
import type { PortsideApi } from '../shared/contract.ts';

const ApiContext = createContext<PortsideApi | null>(null);

export function ApiProvider({ api, children }: { api: PortsideApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The API of the surrounding ApiProvider. */
export function useApi(): PortsideApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}
