/**
 * The words of a proposal: the issue that asks before any pull request is opened, and its one closing comment.
 * Written for a maintainer who did not ask: what it does, that nothing changes without the key, the files it would
 * touch, and how to say yes or no (and that no answer is fine).
 */
import { HELICONE_KEY_ENV } from '../../adapters/integrator/codemod/helicone-targets';
import { NO_LABEL, YES_LABEL, type IntegrationPreview } from '../../shared/ask-first-types';
import type { RoutingMode } from '../../shared/types';
import { DISCLOSURE } from '../upstream-pr-body';

export function proposalTitle(): string {
  return 'Proposal: optional Helicone observability for the LLM clients (opt-in, nothing changes without a key)';
}

export function proposalBody(p: { preview: IntegrationPreview; routing?: RoutingMode; timeout: string; marker: string }): string {
  const always = p.routing === 'always';
  const files = p.preview.files.map((f) => `- \`${f}\``);
  const clients = p.preview.clients.map((c) => `- ${c}`);
  return [
    'Hello! Before opening any pull request, we would like to ask whether you want this change.',
    '',
    '## What it does',
    `It routes the project's LLM API clients through [Helicone](https://helicone.ai), an open-source observability proxy, ` +
      'so requests, costs, latency and errors can be seen in a dashboard. The provider keys stay as they are and no dependency is added.',
    '',
    always
      ? `Every client would go through Helicone: \`${HELICONE_KEY_ENV}\` would have to be set wherever the app runs.`
      : `**Nothing changes unless \`${HELICONE_KEY_ENV}\` is set**: without it, every client makes exactly the requests it makes today.`,
    '',
    '## What it would touch',
    ...(files.length ? files : ['- (no file: nothing to change)']),
    ...(clients.length ? ['', 'Clients it would route:', ...clients] : []),
    '',
    '## How to answer',
    `- **Yes**: comment (for example "yes, go ahead"), react with 👍, ❤️, 🎉 or 🚀, or add the label \`${YES_LABEL}\`. ` +
      'A pull request follows, linked to this issue; it is reviewed by a person before it is opened.',
    `- **No**: close this issue, react with 👎, add the label \`${NO_LABEL}\`, or say so in a comment. ` +
      'We will not contact this repository again (say "any of our repositories" and we will leave the whole account alone).',
    `- **No answer** is fine too: this issue closes itself after ${p.timeout}, and nothing else happens.`,
    '',
    'Only answers from people with write access to the repository count.',
    '',
    DISCLOSURE.replace('This pull request was prepared', 'This proposal was prepared').replace(
      ' and reviewed by a person before it was opened',
      '',
    ),
    p.marker,
  ].join('\n');
}
