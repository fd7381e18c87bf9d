/**
 * The webhook receiver's HTTP server: plain node:http (one route, a raw body to check a signature over: it needs no
 * framework; the dashboard, with its pages, sessions and forms, runs on Hono).
 */
import http from 'node:http';
import { listen } from '../adapters/http/listen';
import { createWebhookHandler, WEBHOOK_PATH, type ReceiverOptions } from './receiver';

export interface WebhookServer {
  server: http.Server;
  /** Base URL; GitHub posts to `${url}${WEBHOOK_PATH}`. */
  url: string;
  close(): Promise<void>;
}

export async function startWebhookServer(opts: ReceiverOptions & { host: string; port: number }): Promise<WebhookServer> {
  if (opts.secret.length === 0)
    throw new Error('WEBHOOK_SECRET is required: the receiver refuses to run without a secret to check signatures with');
  const server = http.createServer(createWebhookHandler(opts));
  // GitHub gives up on a delivery after 10 s; a client that sends its body slowly must not hold a socket longer.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  return listen(server, opts.host, opts.port);
}

export { WEBHOOK_PATH };
