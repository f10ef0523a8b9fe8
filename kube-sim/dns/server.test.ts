import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDnsTable } from './records.ts';
import { answerQuery, startDnsServer, type DnsServer } from './server.ts';

const table = buildDnsTable({
  services: [{ namespace: 'default', name: 'postgres', clusterIP: '198.19.0.7', endpoints: [] }],
  externalHosts: [{ name: 'api.example.test', ip: '198.51.100.10' }],
});

describe('DNS server over UDP and TCP', () => {
  let server: DnsServer;
  let resolver: Resolver;
  beforeAll(async () => {
    server = await startDnsServer('127.0.0.1', 0, table);
    resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.port}`]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('resolves a Service name over UDP', async () => {
    expect(await resolver.resolve4('postgres.default.svc.cluster.local')).toEqual(['198.19.0.7']);
  });

  it('answers NXDOMAIN for unknown names and NODATA for AAAA of known ones', async () => {
    await expect(resolver.resolve4('nope.example.test')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    await expect(resolver.resolve6('api.example.test')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('sees a new table at once after setTable', async () => {
    server.setTable(
      buildDnsTable({
        services: [],
        externalHosts: [{ name: 'new.example.test', ip: '198.51.100.11' }],
      }),
    );
    expect(await resolver.resolve4('new.example.test')).toEqual(['198.51.100.11']);
    await expect(resolver.resolve4('api.example.test')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    server.setTable(table);
  });

  it('answers length-prefixed queries over TCP, two in one segment', async () => {
    const q = (id: number): Buffer =>
      dnsPacket.streamEncode({
        type: 'query',
        id,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type: 'A', name: 'api.example.test' }],
      });
    const sock = connect(server.port, '127.0.0.1');
    sock.write(Buffer.concat([q(1), q(2)]));
    let buf = Buffer.alloc(0);
    const replies = await new Promise<dnsPacket.Packet[]>((resolve, reject) => {
      sock.on('error', reject);
      sock.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        const out: dnsPacket.Packet[] = [];
        let rest = buf;
        while (rest.length >= 2 && rest.length >= 2 + rest.readUInt16BE(0)) {
          out.push(dnsPacket.streamDecode(rest));
          rest = rest.subarray(2 + rest.readUInt16BE(0));
        }
        if (out.length === 2) resolve(out);
      });
    });
    sock.destroy();
    expect(replies.map((r) => r.id)).toEqual([1, 2]);
    expect(replies[0]?.answers?.[0]).toMatchObject({ type: 'A', data: '198.51.100.10' });
  });

  it('drops garbage instead of answering it', () => {
    expect(answerQuery(table, Buffer.from('hello'))).toBeUndefined();
  });
});
