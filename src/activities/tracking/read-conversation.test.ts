import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Forge, PullRequestMessage } from '../../adapters/forge/forge';
import { MAX_PREVIEWS, PREVIEW_CHARS } from '../../workflows/pull-request-tracker-definitions';
import type { ActivityDeps } from '../deps';
import { readConversationActivity, readFrom } from './read-conversation.activity';

/** A forge holding one PR's conversation; reads return what was written at or after `since`, like the real ones. */
function forgeWith(messages: PullRequestMessage[]) {
  const sinces: (string | undefined)[] = [];
  const forge = {
    botLogin: async () => 'helicone-bot',
    getPullRequestConversation: async (_repo: unknown, _n: number, since?: string) => {
      sinces.push(since);
      return messages.filter((m) => !since || m.createdAt >= since);
    },
  } as unknown as Forge;
  return { forge, sinces };
}

let n = 0;
const msg = (author: string, at: string, body: string, kind: PullRequestMessage['kind'] = 'comment'): PullRequestMessage => ({
  id: `${kind}:${++n}`,
  kind,
  author,
  createdAt: at,
  body,
  url: `https://example.test/pull/1#c${n}`,
});

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hi-readconv-'));
});
afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

const deps = (forge: Forge) => ({ config: { DATA_DIR: dataDir, BRANCH_PREFIX: 'x-' }, forge }) as unknown as ActivityDeps;
const params = { integrationId: 'int-1', repo: { owner: 'o', name: 'r' }, number: 1 };

describe('readPullRequestConversation', () => {
  it("leaves out the bot's messages, previews the rest and stores each full text under DATA_DIR", async () => {
    const long = `${'word '.repeat(100)}END`;
    const { forge } = forgeWith([
      msg('helicone-bot', '2026-11-01T10:00:00Z', 'Our own note.'),
      msg('Alice', '2026-11-01T11:00:00Z', long),
      msg('bob', '2026-11-01T12:00:00Z', '', 'review'),
    ]);
    const { value } = await readConversationActivity(deps(forge))(params);
    expect(value.total).toBe(2);
    expect(value.messages.map((m) => m.author)).toEqual(['Alice', 'bob']);
    expect(value.messages[0]!.preview.length).toBe(PREVIEW_CHARS);
    expect(value.messages[0]!.preview.endsWith('…')).toBe(true);
    const stored = JSON.parse(await fs.readFile(path.join(dataDir, value.messages[0]!.textRef!), 'utf8')) as PullRequestMessage;
    expect(stored.body).toBe(long);
    expect(value.cursor).toEqual({ since: '2026-11-01T12:00:00Z', ids: [expect.stringMatching(/^review:/)] });
  });

  it('reads again from a little before the newest message, so one written during the last look is not lost, and none twice', async () => {
    const messages = [msg('alice', '2026-11-01T12:00:00Z', 'first')];
    const { forge, sinces } = forgeWith(messages);
    const read = readConversationActivity(deps(forge));
    const first = await read(params);
    expect(first.value.messages.map((m) => m.preview)).toEqual(['first']);
    // Written during the first look, stamped a second before what that look saw; then a new one.
    messages.push(msg('bob', '2026-11-01T11:59:59Z', 'late'), msg('carol', '2026-11-01T12:05:00Z', 'new'));
    const second = await read({ ...params, cursor: first.value.cursor });
    expect(second.value.messages.map((m) => m.preview)).toEqual(['late', 'new']);
    expect(sinces.at(-1)).toBe(readFrom(first.value.cursor!));
    expect(Date.parse(sinces.at(-1)!)).toBeLessThan(Date.parse('2026-11-01T11:59:59Z'));
    const third = await read({ ...params, cursor: second.value.cursor });
    expect(third.value).toMatchObject({ total: 0, messages: [], refusals: [] });
    expect(third.value.cursor).toEqual(second.value.cursor);
  });

  it('keeps the newest previews of a long thread but reports every refusal in it', async () => {
    const messages = [msg('zed', '2026-11-01T00:00:00Z', 'Not interested, for any of our repositories.')];
    for (let i = 1; i <= 70; i++) messages.push(msg('alice', new Date(Date.UTC(2026, 10, 1, 1, i)).toISOString(), `note ${i}`));
    const { forge } = forgeWith(messages);
    const { value } = await readConversationActivity(deps(forge))(params);
    expect(value.total).toBe(71);
    expect(value.messages).toHaveLength(MAX_PREVIEWS);
    expect(value.messages.at(-1)!.preview).toBe('note 70');
    expect(value.messages.every((m) => m.textRef)).toBe(true);
    expect(value.refusals).toEqual([
      expect.objectContaining({
        author: 'zed',
        scope: 'owner',
        phrase: 'Not interested, for any of our repositories.',
        url: messages[0]!.url,
      }),
    ]);
  });
});
