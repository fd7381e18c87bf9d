// Loaded with `node --import` before a runtime-suite app (ESM or CommonJS): every HTTP request the app makes is
// recorded and answered in-process, nothing leaves the machine.
//   - globalThis.fetch is replaced: the OpenAI, Anthropic, Vercel AI SDK and LangChain JS clients all send through
//     it. Each request is appended to $RUNTIME_CAPTURE (one JSON object a line: method, url, headers, body) and gets
//     a canned provider-shaped answer (see canned.mjs).
//   - Backstop: a TCP connection to anything but loopback (an SDK that bypassed fetch: node:http, undici's own
//     client) is refused and recorded as `blocked`, which fails the suite's assertions.
import fs from 'node:fs';
import net from 'node:net';
import { canned } from './canned.mjs';

const { Request, Response } = globalThis;
const capture = process.env.RUNTIME_CAPTURE;
if (!capture) throw new Error('intercept.mjs: RUNTIME_CAPTURE (the file to record requests in) is not set');
const record = (entry) => fs.appendFileSync(capture, `${JSON.stringify(entry)}\n`);

globalThis.fetch = async function interceptedFetch(input, init) {
  const request = new Request(
    input,
    init && init.body && typeof init.body === 'object' && 'getReader' in init.body ? { ...init, duplex: 'half' } : init,
  );
  const headers = Object.fromEntries([...request.headers].map(([k, v]) => [k.toLowerCase(), v]));
  const body = request.body ? await request.text() : null;
  record({ via: 'fetch', method: request.method, url: request.url, headers, body });
  const { status, json } = canned(request.url, body);
  return new Response(JSON.stringify(json), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_runtime_test' },
  });
};

const LOOPBACK = /^(localhost|127(\.\d+){3}|::1|::ffff:127(\.\d+){3})$/i;
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts =
    typeof first === 'object' && first !== null
      ? first
      : typeof first === 'string' && !/^\d+$/.test(first)
        ? { path: first }
        : { port: first, host: args[1] };
  if (opts.path === undefined) {
    const host = typeof opts.host === 'string' ? opts.host : 'localhost';
    if (!LOOPBACK.test(host.replace(/^\[|\]$/g, ''))) {
      record({ via: 'net.connect', blocked: `${host}:${opts.port}` });
      process.nextTick(() =>
        this.destroy(new Error(`runtime test preload: connection to ${host}:${opts.port} refused (no network in this test)`)),
      );
      return this;
    }
  }
  return originalConnect.apply(this, args);
};
