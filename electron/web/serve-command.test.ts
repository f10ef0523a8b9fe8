import { describe, expect, it } from 'vitest';
import { exposureWarning, parseServeArgs } from './serve-command.ts';

describe('parseServeArgs', () => {
  it('defaults to a free port on 127.0.0.1 and opening a browser', () => {
    expect(parseServeArgs([])).toEqual({
      port: 0,
      host: '127.0.0.1',
      kubeconfig: undefined,
      open: true,
    });
  });
  it('reads every flag', () => {
    expect(
      parseServeArgs([
        '--port',
        '8123',
        '--host',
        '0.0.0.0',
        '--kubeconfig',
        '/tmp/k',
        '--no-open',
      ]),
    ).toEqual({
      port: 8123,
      host: '0.0.0.0',
      kubeconfig: '/tmp/k',
      open: false,
    });
    expect(parseServeArgs(['--port=0'])).toMatchObject({ port: 0 });
    expect(parseServeArgs(['--state-dir', '/tmp/s'])).toMatchObject({ stateDir: '/tmp/s' });
  });
  it('explains bad input instead of throwing', () => {
    expect(parseServeArgs(['--port', 'abc'])).toEqual({
      error: "--port must be a number from 0 to 65535, got 'abc'",
    });
    expect(parseServeArgs(['--port', '70000'])).toHaveProperty('error');
    expect(parseServeArgs(['--bogus'])).toHaveProperty('error');
    expect(parseServeArgs(['extra'])).toHaveProperty('error');
  });
  it('recognises --help', () => {
    expect(parseServeArgs(['--help'])).toEqual({ help: true });
    expect(parseServeArgs(['-h'])).toEqual({ help: true });
  });
});

describe('exposureWarning', () => {
  it('warns for addresses other machines can reach, not for loopback', () => {
    expect(exposureWarning('0.0.0.0')).toMatch(
      /^Warning: listening on 0\.0\.0\.0 makes the UI reachable from other machines/,
    );
    expect(exposureWarning('192.168.1.5')).not.toBeNull();
    expect(exposureWarning('::')).not.toBeNull();
    for (const h of ['127.0.0.1', '127.0.0.2', 'localhost', '::1'])
      expect(exposureWarning(h), h).toBeNull();
  });
});
