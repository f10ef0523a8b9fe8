import { describe, expect, it } from 'vitest';
import { imagePullFailure, imageRepository, processArgv, resolveImage } from './images.ts';

describe('image catalog', () => {
  it('normalises registry, library/, tag and digest', () => {
    expect(imageRepository('docker.io/library/node:20-alpine')).toBe('node');
    expect(imageRepository('localhost:5000/portside/sim-http:dev@sha256:abc')).toBe(
      'portside/sim-http',
    );
    expect(imageRepository('ghcr.io/portside/agent')).toBe('portside/agent');
  });

  it('maps catalog images to what they run and nothing else', () => {
    expect(resolveImage('portside/sim-http:1')).toEqual({ kind: 'app', app: 'http' });
    expect(resolveImage('portside/sim-banner')).toEqual({ kind: 'app', app: 'banner' });
    expect(resolveImage('node:20-alpine')).toEqual({ kind: 'node' });
    expect(resolveImage('portside/agent:0.1.0')).toEqual({ kind: 'agent' });
    expect(resolveImage('busybox:1.36')).toBeUndefined();
    expect(resolveImage('portside/sim-ftp:1')).toBeUndefined();
  });

  it('describes pull failures like the kubelet and builds node argv like the image entrypoint', () => {
    expect(imagePullFailure('busybox')).toEqual({
      waiting: {
        reason: 'ErrImagePull',
        message: `failed to pull image "busybox": image not in kube-sim's catalog`,
      },
    });
    expect(processArgv({})).toEqual(['node']);
    expect(processArgv({ args: ['-e', 'x'] })).toEqual(['node', '-e', 'x']);
    expect(processArgv({ command: ['sleep'], args: ['10'] })).toEqual(['sleep', '10']);
  });
});
