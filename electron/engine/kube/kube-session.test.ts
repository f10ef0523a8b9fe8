import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { toKubeError } from './kube-errors.ts';
import { portForwardUrl } from './kube-session.ts';

describe('portForwardUrl', () => {
  it('turns the server URL into a ws(s) URL, keeping a path prefix and escaping names', () => {
    expect(portForwardUrl('https://1.2.3.4:6443', 'shop', 'web-0', 80)).toBe(
      'wss://1.2.3.4:6443/api/v1/namespaces/shop/pods/web-0/portforward?ports=80',
    );
    expect(portForwardUrl('https://rancher.example/k8s/clusters/c-1/', 'a b', 'p', 1)).toBe(
      'wss://rancher.example/k8s/clusters/c-1/api/v1/namespaces/a%20b/pods/p/portforward?ports=1',
    );
  });
});

describe('toKubeError', () => {
  it('maps API status codes to kinds with the server words', () => {
    expect(
      toKubeError(new ApiException(404, 'x', '{}', {}), 'deployment "x"', 'shop').message,
    ).toBe('deployment "x" not found in namespace "shop"');
    expect(
      toKubeError(
        new ApiException(403, 'x', JSON.stringify({ message: 'pods is forbidden: User "u"' }), {}),
        'pods',
        'shop',
      ),
    ).toMatchObject({
      kind: 'Forbidden',
      message: 'pods is forbidden: User "u"',
    });
    expect(toKubeError(new ApiException(401, 'x', undefined, {}), 'pods', 's').kind).toBe(
      'Unauthorized',
    );
    expect(
      toKubeError(new Error('connect ECONNREFUSED 127.0.0.1:6443'), 'pods', 's'),
    ).toMatchObject({
      kind: 'Network',
      message: 'cannot reach the cluster API: connect ECONNREFUSED 127.0.0.1:6443',
    });
  });
});
