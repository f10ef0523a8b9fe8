/**
 * A small authoritative DNS server (UDP and TCP on the same port) answering from a DnsTable.
 * It never forwards anywhere: unknown names get NXDOMAIN, so nothing leaves the sim's namespaces.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import dnsPacket from 'dns-packet';
import { lookup, type DnsTable } from './records.ts';

const TTL = 5; // seconds, as CoreDNS's kubernetes plugin uses
const NXDOMAIN = 3;
const FORMERR = 1;

/** Builds the response bytes for one query; exported for unit tests. */
export function answerQuery(table: DnsTable, query: Buffer): Buffer | undefined {
  let packet: dnsPacket.Packet;
  try {
    packet = dnsPacket.decode(query);
  } catch {
    return undefined; // not DNS: drop, as real servers do with garbage
  }
  const flags =
    dnsPacket.AUTHORITATIVE_ANSWER |
    dnsPacket.RECURSION_AVAILABLE |
    ((packet.flags ?? 0) & dnsPacket.RECURSION_DESIRED);
  const questions = packet.questions ?? [];
  const q = questions[0];
  if (!q)
    return dnsPacket.encode({
      type: 'response',
      id: packet.id,
      flags: flags | FORMERR,
      questions: [],
    });
  const result = lookup(table, q.name);
  if (result.kind === 'nxdomain') {
    return dnsPacket.encode({
      type: 'response',
      id: packet.id,
      flags: flags | NXDOMAIN,
      questions,
    });
  }
  // The name exists: A queries get its addresses, any other type an empty NOERROR (NODATA),
  // which makes glibc fall back from AAAA to A instead of failing.
  const answers: dnsPacket.Answer[] =
    q.type === 'A' || (q.type as string) === 'ANY'
      ? result.ips.map((ip) => ({ type: 'A', name: q.name, class: 'IN', ttl: TTL, data: ip }))
      : [];
  return dnsPacket.encode({ type: 'response', id: packet.id, flags, questions, answers });
}

/** A running DNS server; `setTable` swaps the zone atomically. */
export interface DnsServer {
  readonly port: number;
  setTable(table: DnsTable): void;
  close(): Promise<void>;
}

/** Starts the server on host:port (port 0 picks one; UDP and TCP then share the UDP's port). */
export async function startDnsServer(
  host: string,
  port: number,
  table: DnsTable = {},
): Promise<DnsServer> {
  let current = table;
  const udp = createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const reply = answerQuery(current, msg);
    if (reply) udp.send(reply, rinfo.port, rinfo.address);
  });
  udp.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, host, () => resolve());
  });
  const boundPort = udp.address().port;
  const sockets = new Set<TcpSocket>();
  const tcp = createServer((sock) => serveTcp(sock, () => current, sockets));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(boundPort, host, () => resolve());
  });
  return {
    port: boundPort,
    setTable: (t) => (current = t),
    close: () => closeAll(udp, tcp, sockets),
  };
}

/** DNS over TCP: each message is prefixed with its 2-byte length (RFC 1035 §4.2.2). */
function serveTcp(sock: TcpSocket, table: () => DnsTable, sockets: Set<TcpSocket>): void {
  sockets.add(sock);
  sock.on('close', () => sockets.delete(sock));
  sock.on('error', () => sock.destroy());
  let buf = Buffer.alloc(0);
  sock.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    if (buf.length > 65537) return void sock.destroy(); // one message is at most 64 KiB
    while (buf.length >= 2) {
      const len = buf.readUInt16BE(0);
      if (buf.length < 2 + len) break;
      const reply = answerQuery(table(), buf.subarray(2, 2 + len));
      buf = buf.subarray(2 + len);
      if (!reply) return void sock.destroy();
      const head = Buffer.alloc(2);
      head.writeUInt16BE(reply.length);
      sock.write(Buffer.concat([head, reply]));
    }
  });
}

async function closeAll(udp: Socket, tcp: Server, sockets: Set<TcpSocket>): Promise<void> {
  for (const s of sockets) s.destroy();
  await Promise.all([
    new Promise<void>((resolve) => udp.close(() => resolve())),
    new Promise<void>((resolve) => tcp.close(() => resolve())),
  ]);
}
