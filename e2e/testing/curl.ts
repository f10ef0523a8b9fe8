/** Real curl through a forwarded port, with the byte counts curl itself reports. */
import { execFile } from 'node:child_process';

export interface CurlResult {
  status: number;
  /** curl's own address (`127.0.0.1:<port>`): the connection row's peer */
  peer: string;
  /** request bytes curl sent */
  sent: number;
  /** header + body bytes curl received */
  received: number;
}

/** `curl http://127.0.0.1:<port><path>`; one connection, closed when curl exits. */
export function curl(port: number, path: string): Promise<CurlResult> {
  const format = '%{http_code} %{local_port} %{size_request} %{size_header} %{size_download}';
  const url = `http://127.0.0.1:${port}${path}`;
  return new Promise((resolve, reject) => {
    execFile(
      'curl',
      ['-sS', '--max-time', '20', '-o', '/dev/null', '-w', format, url],
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`curl ${url}: ${stderr || err.message}`));
        const [status, local, sent, header, body] = stdout.trim().split(' ').map(Number);
        resolve({
          status: status ?? 0,
          peer: `127.0.0.1:${local}`,
          sent: sent ?? 0,
          received: (header ?? 0) + (body ?? 0),
        });
      },
    );
  });
}
