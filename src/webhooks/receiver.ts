/**
 * The webhook receiver's request handler: POST /webhooks/github. Checks, in this order, so that nothing unsigned is
 * read further: size, signature (401), headers and content type (400 / 415), JSON (400), replay (200 "already
 * handled"), then what the event means (202 when nothing is to be done) and the signal (200, or 503 when Temporal
 * does not answer, so that GitHub's "Redeliver" can try again). Each answer is JSON with a message saying why.
 */
import type http from 'node:http';
import { interpretEvent, MalformedPayloadError, type WebhookTarget } from './events';
import { RecentDeliveries } from './recent-deliveries';
import { verifySignature } from './signature';
import type { SignalledTracker, TrackerSignaller } from './tracker-signaller';

export const WEBHOOK_PATH = '/webhooks/github';
/** GitHub caps payloads at 25 MB; the events used here are a few dozen kB. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface ReceiverOptions {
  secret: string;
  signaller: TrackerSignaller;
  deliveries?: RecentDeliveries;
  /** One line per delivery (default: console.log). */
  log?: (line: string) => void;
}

export type WebhookResult = 'signalled' | 'no-tracker' | 'ignored' | 'pong' | 'already-handled' | 'in-flight' | 'refused' | 'unavailable';

const DELIVERY_RE = /^[A-Za-z0-9-]{1,100}$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createWebhookHandler(opts: ReceiverOptions): http.RequestListener {
  const deliveries = opts.deliveries ?? new RecentDeliveries();
  const log = opts.log ?? ((line: string) => console.log(line));

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof Refusal) return reply(res, err.status, 'refused', err.message);
      log(`webhook error: ${(err as Error).message}`);
      reply(res, 500, 'refused', `Receiver error: ${(err as Error).message}`);
    });
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    if (path === '/healthz' && req.method === 'GET') return reply(res, 200, 'pong', 'ok');
    if (path !== WEBHOOK_PATH) throw new Refusal(404, `Nothing here: GitHub webhooks are received at POST ${WEBHOOK_PATH}`);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new Refusal(405, `Only POST is accepted at ${WEBHOOK_PATH}`);
    }
    const body = await readBody(req);

    const sig = verifySignature(opts.secret, body, header(req, 'x-hub-signature-256'));
    if (!sig.ok) {
      const why = {
        unsigned: 'no X-Hub-Signature-256 header: set the webhook\'s "Secret" in GitHub to the value of WEBHOOK_SECRET',
        malformed: 'X-Hub-Signature-256 is not "sha256=" followed by 64 hex digits',
        mismatch:
          "X-Hub-Signature-256 does not match the body: the webhook's secret is not WEBHOOK_SECRET, or the body was changed on the way",
      }[sig.reason];
      log(`webhook refused (401): ${why}`);
      throw new Refusal(401, `Refused: ${why}.`);
    }

    const event = header(req, 'x-github-event');
    const delivery = header(req, 'x-github-delivery');
    if (!event) throw new Refusal(400, 'Refused: no X-GitHub-Event header.');
    if (!delivery || !DELIVERY_RE.test(delivery))
      throw new Refusal(400, 'Refused: no valid X-GitHub-Delivery header (the delivery id is what stops replays).');
    const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new Refusal(415, `Refused: content type "${type || 'none'}"; set the webhook's "Content type" to application/json in GitHub.`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new Refusal(400, `Refused: the body is not valid JSON (${(err as Error).message}).`);
    }

    const claim = deliveries.claim(delivery);
    if (claim === 'done') return reply(res, 200, 'already-handled', `Delivery ${delivery} was already handled; nothing signalled again.`);
    if (claim === 'in-flight')
      return reply(res, 409, 'in-flight', `Delivery ${delivery} is being handled right now; nothing signalled again.`);
    try {
      const answer = await act(event, payload);
      deliveries.finish(delivery);
      log(`webhook ${delivery} ${event}${actionOf(payload)}: ${answer.status} ${answer.message}`);
      return reply(res, answer.status, answer.result, answer.message, answer.trackers);
    } catch (err) {
      // Not recorded: a redelivery of this id is handled afresh.
      deliveries.release(delivery);
      if (err instanceof MalformedPayloadError) throw new Refusal(400, `Refused: ${err.message}.`);
      log(`webhook ${delivery} ${event}: Temporal did not answer: ${(err as Error).message}`);
      return reply(
        res,
        503,
        'unavailable',
        `Temporal did not answer (${(err as Error).message}); the tracker's next poll will see the change, or redeliver this event.`,
      );
    }
  }

  async function act(
    event: string,
    payload: unknown,
  ): Promise<{ status: number; result: WebhookResult; message: string; trackers?: SignalledTracker[] }> {
    const target: WebhookTarget = interpretEvent(event, payload);
    if (target.kind === 'ping') return { status: 200, result: 'pong', message: 'Webhook set up: signature checked.' };
    if (target.kind === 'ignored') return { status: 202, result: 'ignored', message: `Ignored: ${target.reason}.` };
    const repo = `${target.repo.owner}/${target.repo.name}`;
    const what = target.kind === 'pulls' ? target.numbers.map((n) => `${repo}#${n}`).join(', ') : `${repo} (the checks name no PR)`;
    const trackers = await opts.signaller.checkNow(target.repo, target.kind === 'pulls' ? target.numbers : undefined);
    if (!trackers.length) return { status: 202, result: 'no-tracker', message: `No running tracker follows ${what}; nothing to do.` };
    return {
      status: 200,
      result: 'signalled',
      message: `Asked ${trackers.map((t) => t.workflowId).join(', ')} to check ${what} now.`,
      trackers,
    };
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function actionOf(payload: unknown): string {
  const action = (payload as { action?: unknown } | null)?.action;
  return typeof action === 'string' ? `.${action}` : '';
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new Refusal(413, `Refused: the body is over ${MAX_BODY_BYTES} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Refusal(413, `Refused: the body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(res: http.ServerResponse, status: number, result: WebhookResult, message: string, trackers?: SignalledTracker[]): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(`${JSON.stringify({ result, message, ...(trackers ? { trackers } : {}) })}\n`);
}
