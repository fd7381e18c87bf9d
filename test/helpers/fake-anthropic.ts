/**
 * A scripted fake of the Anthropic Messages API on 127.0.0.1: streaming SSE as the Claude Code CLI calls it, or one
 * JSON message for a non-streaming call.
 * A script decides each reply from the conversation it receives, never from a call counter, so retries and
 * resumed sessions behave like they would against the real API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Block = { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: Record<string, unknown> };

export interface MessagesRequest {
  model: string;
  system?: unknown;
  messages: {
    role: string;
    content: string | { type: string; text?: string; content?: unknown; name?: string; input?: unknown; tool_use_id?: string }[];
  }[];
  tools?: { name: string }[];
  /** Claude Code streams; the `@anthropic-ai/sdk` ranking call does not, and gets one JSON message. */
  stream?: boolean;
}

/** A reply: content blocks (tool_use ends the turn with stop_reason tool_use), or a fault. */
export type Reply = Block[] | { status: number; body?: string } | { hang: true };
export type Script = (req: MessagesRequest, text: string) => Reply;

export class FakeAnthropic {
  readonly requests: MessagesRequest[] = [];
  private server?: http.Server;
  url = '';
  private ids = 0;

  constructor(public script: Script) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const c of req) raw += c;
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw) as MessagesRequest;
    // count_tokens and other side calls are not conversation turns.
    if (req.url.includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 10 }));
      return;
    }
    this.requests.push(body);
    const reply = this.script(body, conversationText(body));
    if ('hang' in reply) return; // never answers
    if ('status' in reply) {
      res
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(reply.body ?? JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'scripted failure' } }));
      return;
    }
    if (body.stream) this.stream(res, body.model, reply);
    else this.json(res, body.model, reply);
  }

  private json(res: http.ServerResponse, model: string, blocks: Block[]): void {
    const content = blocks.map((b) =>
      b.type === 'text' ? b : { type: 'tool_use', id: `toolu_${++this.ids}`, name: b.name, input: b.input },
    );
    const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `msg_${++this.ids}`,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: stop,
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 50 },
      }),
    );
  }

  private stream(res: http.ServerResponse, model: string, blocks: Block[]): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const id = `msg_${++this.ids}`;
    send('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 1 },
      },
    });
    blocks.forEach((b, index) => {
      if (b.type === 'text') {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } });
      } else {
        send('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: `toolu_${++this.ids}`, name: b.name, input: {} },
        });
        send('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) },
        });
      }
      send('content_block_stop', { type: 'content_block_stop', index });
    });
    const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
    send('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 50 } });
    send('message_stop', { type: 'message_stop' });
    res.end();
  }
}

/** All text of a request (user prompts, tool results, assistant turns), for scripts to match on. */
export function conversationText(req: MessagesRequest): string {
  const parts: string[] = [];
  for (const m of req.messages) {
    if (typeof m.content === 'string') parts.push(m.content);
    else
      for (const c of m.content) {
        if (c.text) parts.push(c.text);
        if (c.type === 'tool_result') parts.push(typeof c.content === 'string' ? c.content : JSON.stringify(c.content));
        if (c.type === 'tool_use') parts.push(`[tool_use ${c.name} ${JSON.stringify(c.input)}]`);
      }
  }
  return parts.join('\n');
}

/** The last user message's tool results (what the tools just answered). */
export function lastToolResults(req: MessagesRequest): string {
  // The CLI may append role "system" notes (budget) after the user's tool results: skip them.
  const last = [...req.messages].reverse().find((m) => m.role === 'user');
  if (!last || typeof last.content === 'string') return '';
  return last.content
    .filter((c) => c.type === 'tool_result')
    .map((c) => (typeof c.content === 'string' ? c.content : JSON.stringify(c.content)))
    .join('\n');
}
