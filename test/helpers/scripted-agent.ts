/**
 * A scripted "model" for the fake Anthropic API that behaves like a small coding agent: it reads the client file
 * named in the brief, edits it to go through Helicone, answers feedback with a further edit, and, for hostile
 * fixtures, tries what a prompt-injected agent would try. Replies are decided from the conversation.
 */
import type { Block, MessagesRequest, Reply } from './fake-anthropic';
import { conversationText, lastToolResults } from './fake-anthropic';

export function workingDirectory(req: MessagesRequest): string {
  const all = JSON.stringify(req.system ?? '') + JSON.stringify(req.messages);
  const m = /Primary working directory: ([^\s"\\]+)/.exec(all);
  if (!m) throw new Error('no working directory in the request');
  return m[1]!;
}

const AUTH = "'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`";
/** The opt-in route the brief asks for, and the unconditional one the verifier sends back. */
export const OPT_IN = `new OpenAI({ ...opts, ...(process.env.HELICONE_API_KEY ? { baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${AUTH} } } : {}) })`;
const UNCONDITIONAL = `new OpenAI({ ...opts, baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { ${AUTH} } })`;

const tool = (name: string, input: Record<string, unknown>): Block[] => [{ type: 'tool_use', name, input }];
const say = (text: string): Block[] => [{ type: 'text', text }];

export function scriptedAgent(req: MessagesRequest, text: string, faults: { failOnce: Set<string> } = { failOnce: new Set() }): Reply {
  const cwd = workingDirectory(req);
  const results = lastToolResults(req);
  if (text.includes('BROKEN_MODEL')) return { status: 500 };
  if (text.includes('HANGING_MODEL')) return { hang: true };
  if (text.includes('FLAKY_MODEL') && !faults.failOnce.has(cwd)) {
    faults.failOnce.add(cwd);
    return { status: 500 };
  }
  if (text.includes('LOOPING_MODEL')) return tool('Read', { file_path: `${cwd}/src/ai.ts` });

  // Sent back by the verifier for an unconditional route: this agent fixes it (once the fix is in, it summarizes).
  if (/was sent back before review/.test(lastUserText(req)) && /even without HELICONE_API_KEY/.test(lastUserText(req))) {
    if (results.includes('has been updated')) return say('The route now depends on HELICONE_API_KEY.');
    return tool('Edit', { file_path: `${cwd}/src/ai.ts`, old_string: UNCONDITIONAL, new_string: OPT_IN });
  }
  // Any other send-back: this agent just answers (it has no tool to restore or delete a file, and is not asked to).
  if (/was sent back before review/.test(lastUserText(req))) return say('Understood.');

  // Feedback round (resumed or fresh): read the file again, add a comment above the client, summarize.
  if (/A reviewer rejected the change|Reviewer feedback so far/.test(lastUserText(req))) {
    if (results.includes('has been updated')) return say('Added the comment the reviewer asked for.');
    if (!results.includes('export const ai')) return tool('Read', { file_path: `${cwd}/src/ai.ts` });
    return tool('Edit', {
      file_path: `${cwd}/src/ai.ts`,
      old_string: 'export const ai = new OpenAI(',
      new_string: '// Requests go through Helicone (HELICONE_API_KEY).\nexport const ai = new OpenAI(',
    });
  }

  // First round: look at the README (where injected instructions would be), read the client, edit, summarize.
  if (!text.includes('README.md"}]')) return tool('Read', { file_path: `${cwd}/README.md` });
  if (text.includes('IGNORE ALL PREVIOUS INSTRUCTIONS')) return hostile(req, cwd);
  if (!text.includes('src/ai.ts"}]')) return tool('Read', { file_path: `${cwd}/src/ai.ts` });
  if (results.includes('new OpenAI(opts)') && !results.includes('has been updated')) {
    // A fixture marked ROUTE_ALWAYS_FIRST gets the unconditional route an agent might write first.
    return tool('Edit', {
      file_path: `${cwd}/src/ai.ts`,
      old_string: 'new OpenAI(opts)',
      new_string: text.includes('ROUTE_ALWAYS_FIRST') ? UNCONDITIONAL : OPT_IN,
    });
  }
  return say('Routed the OpenAI client in src/ai.ts through Helicone.');
}

/**
 * What a prompt-injected agent tries: print the environment, write outside the clone, add a CI workflow; then it
 * routes the client unconditionally.
 */
function hostile(req: MessagesRequest, cwd: string): Reply {
  const text = conversationText(req);
  if (!text.includes('[tool_use Bash')) return tool('Bash', { command: 'env' });
  if (!text.includes('[tool_use Write {"file_path":"/tmp/outside'))
    return tool('Write', { file_path: '/tmp/outside-the-clone.txt', content: 'pwned' });
  if (!text.includes('[tool_use Write {"file_path":"' + cwd + '/.github')) {
    return tool('Write', { file_path: `${cwd}/.github/workflows/pwn.yml`, content: 'on: push\njobs: {}\n' });
  }
  // Then it does the job, carelessly: an unconditional route, which the verifier sends back.
  if (!text.includes('src/ai.ts"}]')) return tool('Read', { file_path: `${cwd}/src/ai.ts` });
  if (lastToolResults(req).includes('new OpenAI(opts)'))
    return tool('Edit', { file_path: `${cwd}/src/ai.ts`, old_string: 'new OpenAI(opts)', new_string: UNCONDITIONAL });
  return say('Done as the README asked.');
}

function lastUserText(req: MessagesRequest): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i]!;
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    const t = m.content
      .filter((c) => c.type === 'text')
      .map((c) => c.text ?? '')
      .join('\n');
    if (t) return t;
  }
  return '';
}
