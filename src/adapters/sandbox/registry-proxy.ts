/**
 * Network for an install, and nothing else: the sandbox has its own network namespace (loopback only), so the only
 * way out is a Unix socket of the worker, mounted into the sandbox. Behind it, this HTTP CONNECT proxy opens TLS
 * tunnels (port 443) to the allowed registry hosts only, and never to a loopback, private or link-local address
 * (so not to the worker's own ports or a cloud metadata endpoint, whatever a name resolves to). Inside, a small
 * bridge (BRIDGE_SCRIPT, run by the sandbox's own node) listens on 127.0.0.1 of the sandbox and forwards each
 * connection to the socket, with HTTPS_PROXY pointing at it for the install command.
 */
import dns from 'node:dns/promises';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';

export interface RegistryProxy {
  socketPath: string;
  allowed: Record<string, number>;
  refused: Record<string, number>;
  close(): Promise<void>;
}

/** `registry.npmjs.org` matches itself; `*.example.org` matches its subdomains. */
export function hostAllowed(host: string, patterns: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((p) => {
    const q = p.toLowerCase().trim();
    if (!q) return false;
    if (q.startsWith('*.')) return h.endsWith(q.slice(1)) && h.length > q.length - 1;
    return h === q;
  });
}

/** Loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified and multicast addresses. */
export function isInternalAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (net.isIPv4(v4)) {
    const [a = 0, b = 0] = v4.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b < 128) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b < 32) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const x = address.toLowerCase();
  return x === '::' || x === '::1' || x.startsWith('fc') || x.startsWith('fd') || x.startsWith('fe80') || x.startsWith('ff');
}

export async function startRegistryProxy(
  socketPath: string,
  hosts: string[],
  opts: { uid?: number; gid?: number } = {},
): Promise<RegistryProxy> {
  const allowed: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    // Plain-HTTP proxying (GET http://…) is refused: registries are reached over TLS only.
    count(refused, safeHost(req.headers.host ?? 'unknown'));
    res
      .writeHead(403, { 'content-type': 'text/plain', connection: 'close' })
      .end('Only HTTPS CONNECT to the package registries is allowed from the sandbox.\n');
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(req.url ?? '');
    const host = target?.[1] ?? safeHost(req.url ?? '');
    const port = Number(target?.[2] ?? 0);
    const refuse = (why: string) => {
      count(refused, `${host}:${port || '?'}`);
      client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${why}\n`);
    };
    if (!target || port !== 443 || !hostAllowed(host, hosts)) return refuse('not an allowed package registry (HTTPS on port 443 only)');
    void dns
      .lookup(host, { all: true })
      .then((addrs) => {
        const ok = addrs.find((a) => !isInternalAddress(a.address));
        if (!ok || addrs.some((a) => isInternalAddress(a.address))) return refuse('the registry resolves to an internal address');
        const upstream = net.connect({ host: ok.address, port, family: ok.family });
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.once('connect', () => {
          count(allowed, host);
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (head.length) upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => {
          if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        });
        client.on('close', () => upstream.destroy());
      })
      .catch(() => refuse('the registry name does not resolve'));
  });
  await fs.rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  // The sandbox user connects to it: a socket needs write permission, and it lives in the proof's own folder.
  if (opts.uid !== undefined) await fs.chown(socketPath, opts.uid, opts.gid ?? opts.uid);
  await fs.chmod(socketPath, 0o600);
  return {
    socketPath,
    allowed,
    refused,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await fs.rm(socketPath, { force: true });
    },
  };
}

function safeHost(s: string): string {
  return s.replace(/[^A-Za-z0-9.:-]/g, '').slice(0, 100) || 'unknown';
}

/**
 * Runs inside the sandbox: `node bridge.cjs <socket> <command...>`. Listens on 127.0.0.1 (the sandbox's own
 * loopback), forwards each connection to the worker's proxy socket, runs the command with HTTPS_PROXY set to it and
 * exits with the command's code. Plain CommonJS, no dependencies: it is run by whatever node the sandbox has.
 */
export const BRIDGE_SCRIPT = `'use strict';
const net = require('net');
const { spawn } = require('child_process');
const [sock, cmd, ...args] = process.argv.slice(2);
const server = net.createServer((c) => {
  const u = net.connect(sock);
  c.pipe(u); u.pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
  c.on('close', () => u.destroy()); u.on('close', () => c.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const url = 'http://127.0.0.1:' + server.address().port;
  const env = Object.assign({}, process.env, { HTTPS_PROXY: url, HTTP_PROXY: url, https_proxy: url, http_proxy: url, npm_config_proxy: url, npm_config_https_proxy: url, PIP_PROXY: url });
  const child = spawn(cmd, args, { stdio: 'inherit', env });
  child.on('error', (e) => { console.error('proof bridge: cannot run ' + cmd + ': ' + e.message); process.exit(127); });
  child.on('exit', (code, signal) => process.exit(code === null ? 128 + ((require('os').constants.signals[signal]) || 9) : code));
});
`;
