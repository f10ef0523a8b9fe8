import { describe, expect, it } from 'vitest';
import { networkStateFromObjects } from './network-state.ts';

describe('networkStateFromObjects', () => {
  it('joins Services with their Endpoints, keeping ready and not-ready addresses apart', () => {
    const services = [
      {
        metadata: { namespace: 'default', name: 'web' },
        spec: { clusterIP: '198.19.0.5', ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
      {
        metadata: { namespace: 'default', name: 'db' },
        spec: { clusterIP: 'None', ports: [{ port: 5432 }] },
      },
    ];
    const endpoints = [
      {
        metadata: { namespace: 'default', name: 'web' },
        subsets: [
          {
            addresses: [{ ip: '198.18.1.1' }],
            notReadyAddresses: [{ ip: '198.18.1.2' }],
            ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
          },
        ],
      },
      {
        metadata: { namespace: 'default', name: 'db' },
        subsets: [{ addresses: [{ ip: '198.18.1.3', hostname: 'db-0' }], ports: [{ port: 5432 }] }],
      },
    ];
    const state = networkStateFromObjects(services, endpoints);
    expect(state.services[0]).toEqual({
      namespace: 'default',
      name: 'web',
      clusterIP: '198.19.0.5',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: [
        {
          ip: '198.18.1.1',
          ready: true,
          hostname: undefined,
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
        {
          ip: '198.18.1.2',
          ready: false,
          hostname: undefined,
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        },
      ],
    });
    expect(state.services[1]).toMatchObject({
      clusterIP: null,
      endpoints: [{ ip: '198.18.1.3', hostname: 'db-0', ready: true }],
    });
  });

  it('gives a Service without an Endpoints object no endpoints', () => {
    const state = networkStateFromObjects(
      [{ metadata: { namespace: 'a', name: 'b' }, spec: { clusterIP: '198.19.0.9', ports: [] } }],
      [],
    );
    expect(state.services[0]?.endpoints).toEqual([]);
  });
});
