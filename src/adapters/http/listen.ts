/**
 * Starts an HTTP server on host:port and hands back its URL and a close that also ends kept-alive connections (so
 * a test or a shutdown does not wait for browsers and webhook senders to hang up). Shared by the dashboard and the
 * webhook receiver.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export async function listen(server: http.Server, host: string, port: number): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  // An IPv6 literal needs brackets in a URL.
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
