/**
 * Tells whether a maintainer's comment on our pull request refuses it ("not interested", "please stop", "no bots",
 * "we don't accept automated PRs", "unsubscribe", ...) and whether the refusal covers the whole owner ("for any of our
 * repositories", "across our org", "none of our projects"). Pure: the tracker's conversation activity runs it on the
 * full text, so changing a rule changes no workflow history.
 *
 * Deliberately conservative: a false refusal puts a repository on the never-again list, a missed one costs a
 * reviewer's click (`opt-out` by hand). So each rule needs the refusal to be about us, this PR or these PRs:
 * "not interested in the v1 path, but ok" and "please stop the server first" are not refusals. Limits: English only;
 * indirect refusals ("we'll handle observability ourselves"), sarcasm and refusals inside a longer technical review
 * can be missed; text quoted with `>` and code (fenced or inline) is ignored, so a maintainer quoting our PR body's
 * "how to say no" is not read as saying it.
 */
import type { OptOutScope } from '../../shared/never-again';
import { forbidsAutomation } from '../analyze-repository';

export interface OptOutVerdict {
  refusal: boolean;
  /** `owner` when the refusal names the organisation or all of the owner's repositories. */
  scope?: OptOutScope;
  /** The sentence that refused, one line, at most 160 characters (for the never-again list's reason). */
  phrase?: string;
}

/** What a refusal is about when it names no PR: us, this, these, bots. */
const US = String.raw`(?:this|these|that|it|them|those|us|you|such|any more|anymore|more|bots?|automated|ai|llm|helicone|spam)`;
/** The contributions a refusal names. Not "changes" or "requests": code review talks about those. */
const PRS = String.raw`(?:pull requests?|prs?|patch(?:es)?|contributions?|submissions?)`;
/** A bot or AI kind of contribution: "automated PRs", "bot pull requests", "AI-generated patches". */
const BOTTISH = String.raw`(?:automated|auto-generated|bot|robot|ai|ai-generated|llm|llm-generated|machine-generated|unsolicited|drive-by)`;
/** The end of a sentence, or a polite word after the refusal. */
const END = String.raw`\s*(?:$|[.,!;?]|(?:again|here|please|thanks?|thank you|now)\b)`;

interface Rule {
  name: string;
  re: RegExp;
  /** Also read in a question ("how do we opt out?", "could you please stop?"); other rules skip questions. */
  inQuestions?: boolean;
}

/** Each rule matches within one sentence, lower-cased, quotes and code removed. */
const RULES: Rule[] = [
  // "Not interested." / "not interested in this" / "not interested in adding more" — but not "not interested in the v1 path".
  {
    name: 'not-interested',
    re: new RegExp(String.raw`\bnot (?:really |at all |very )?interested\b(?!\s+in\b)|\bnot (?:really )?interested in (?:\w+ing )?${US}\b`),
  },
  { name: 'no-interest', re: new RegExp(String.raw`\bno interest\b(?!\s+(?:in|rate)\b)|\bno interest in (?:\w+ing )?${US}\b`) },
  // "Please stop." / "please stop this" / "please stop sending these" — but not "please stop the server first".
  {
    name: 'please-stop',
    re: new RegExp(
      String.raw`\b(?:please|pls|kindly)\s+stop(?:\s+(?:this|these|it|them|that|now|already|immediately))?${END}|\b(?:please|pls|kindly)\s+stop\s+(?:sending|opening|submitting|filing|spamming)\b`,
    ),
    inQuestions: true,
  },
  // "Stop sending these" / "stop opening bot PRs" / "stop spamming" — but not "stop opening the file twice".
  {
    name: 'stop-sending',
    re: new RegExp(
      String.raw`\bstop\s+(?:sending|opening|submitting|filing|spamming|making|creating)\s+(?:us\s+|me\s+)?(?:these|those|them|this|such|more|any more|${PRS}|${BOTTISH}\b)|\bstop spamming\b`,
    ),
    inQuestions: true,
  },
  // "Don't send these" / "do not open more PRs" / "never submit bot patches again".
  {
    name: 'do-not-send',
    re: new RegExp(
      String.raw`\b(?:don'?t|do not|never)\s+(?:ever\s+)?(?:send|open|submit|file)\s+(?:us\s+|me\s+)?(?:these|those|them|this|any more|anymore|more|such|another one)${END}` +
        String.raw`|\b(?:don'?t|do not|never)\s+(?:ever\s+)?(?:send|open|submit|file|create|make)\s+(?:us\s+|me\s+)?(?:(?:any|more|these|those|such|another|other|further)\s+)*(?:${BOTTISH}[- ])?${PRS}\b`,
    ),
  },
  // "No bots" / "no bot PRs" / "no automated pull requests, please" — but not "there is no bot token".
  {
    name: 'no-bots',
    re: new RegExp(String.raw`\bno\s+(?:more\s+)?bots\b|\bno\s+(?:more\s+)?${BOTTISH}[- ](?:${PRS}|bots?)\b|^no bot${END}`),
  },
  // "We don't accept automated PRs" / "we do not want AI-generated changes" / "not accepting bot contributions".
  {
    name: 'not-accepted',
    re: new RegExp(
      String.raw`\b(?:don'?t|do not|won'?t|will not|never|not|no longer|can'?t|cannot)\s+(?:ever\s+)?(?:accept(?:ing)?|want(?:ing)?|take|taking|merge|merging|welcome|allow(?:ing)?|review(?:ing)?)\s+(?:any\s+)?${BOTTISH}\b`,
    ),
  },
  {
    name: 'not-welcome',
    re: new RegExp(
      String.raw`\b${BOTTISH}[- ](?:${PRS}|bots?)\b[^]{0,30}\b(?:are|is)\s+(?:not|never)\s+(?:welcome|accepted|wanted|allowed|merged)\b`,
    ),
  },
  // "Unsubscribe." / "please opt us out" / "we'd like to opt out" / "how do we unsubscribe?" — but not "users can opt out".
  {
    name: 'unsubscribe',
    re: /^(?:please\s+)?(?:unsubscribe|opt[- ]?out)(?:\s+(?:us|me))?(?:\s+please)?[.!]*$|\b(?:opt|unsubscribe|remove)\s+(?:us|me|this repo\w*|our \w+)\s+(?:out|from)\b|\b(?:i|we)(?:'d| would)?\s+(?:like to\s+|want to\s+)?(?:unsubscribe|opt[- ]?out)\b(?!\s+of\s+(?:telemetry|tracking|analytics|metrics))|\bhow (?:do|can) (?:i|we) (?:unsubscribe|opt[- ]?out)\b/,
    inQuestions: true,
  },
  {
    name: 'remove-us',
    re: /\b(?:remove|take|exclude)\s+(?:us|me|this (?:repo|repository|project)|our (?:repo|repository|repos|repositories|projects?|org\w*))\b[^]{0,30}\b(?:off|from|out of)\b/,
    inQuestions: true,
  },
  {
    name: 'block-list',
    re: /\b(?:add|put)\s+(?:us|this (?:repo|repository|project))\s+(?:to|on)\s+(?:your|the)\s+(?:ignore|block|deny|do[- ]not[- ]contact|exclusion|opt[- ]out|never[- ]again)[- ]?list\b/,
  },
  // "We don't want this." / "we won't merge these" — but not "we won't merge this until the tests pass".
  {
    name: 'do-not-want',
    re: new RegExp(
      String.raw`\b(?:we|i)\s+(?:really\s+)?(?:don'?t|do not|won'?t|will not)\s+(?:want|need|merge|accept|take)\s+(?:this|these|it|that|them)${END}`,
    ),
  },
  { name: 'spam', re: /\b(?:this is|these are|that'?s|it'?s|looks like|pure|more|total|just)\s+spam\b|^spam\b/ },
  { name: 'go-away', re: /\b(?:go away|leave us alone|knock it off|cut it out)\b/ },
  {
    name: 'no-thanks',
    re: /^(?:no,?\s+)?(?:no thanks?|no,? thank you|thanks,? but no(?: thanks)?|we(?:'ll| will) pass(?: on (?:this|these|it))?)\b/,
  },
];

/** "..., but ok" / "but go ahead": the sentence goes on to accept, so it is not a refusal. */
const ACCEPTING_TAIL =
  /\bbut\s+(?:ok(?:ay)?|fine|sure|go ahead|happy|i'?ll|we'?ll|let'?s|lgtm|this (?:one )?(?:is|looks) (?:fine|good|ok))\b/;

/** Words that make the refusal the owner's, not just this repository's. */
const OWNER_SCOPE: RegExp[] = [
  /\b(?:any|all|none|every|each|either|neither)\s+(?:one\s+)?(?:of\s+)?(?:our|my)\s+(?:other\s+)?(?:repos?|repositor(?:y|ies)|projects?|libraries|packages|code ?bases?)\b/,
  /\bour\s+other\s+(?:repos?|repositor(?:y|ies)|projects?)\b/,
  /\b(?:across|throughout|anywhere in|everywhere in|for|to)\s+(?:our|my|this)\s+(?:whole\s+|entire\s+)?(?:org|orgs|organi[sz]ation|account|github org\w*)\b/,
  /\b(?:org|organi[sz]ation|company)[- ]wide\b/,
  /\b(?:any|every|all)\s+(?:other\s+)?(?:repos?|repositor(?:y|ies)|projects?)\s+(?:of ours|we (?:own|maintain|have)|in (?:our|this) org\w*|under (?:our|this) (?:org\w*|account|name))\b/,
  /\bnone of (?:our|my|these|the) (?:repos?|repositor(?:y|ies)|projects?)\b/,
];

export function detectOptOut(text: string): OptOutVerdict {
  const clean = readable(text);
  for (const sentence of sentences(clean)) {
    const lower = sentence.toLowerCase();
    if (ACCEPTING_TAIL.test(lower)) continue;
    const question = /\?$/.test(lower);
    if (RULES.some((r) => (!question || r.inQuestions) && r.re.test(lower))) return verdict(clean, sentence);
  }
  // Contribution-rule wording ("We do not accept AI-generated pull requests"), as discovery reads CONTRIBUTING.md.
  const rule = forbidsAutomation(clean);
  if (rule) return verdict(clean, rule);
  return { refusal: false };
}

function verdict(clean: string, sentence: string): OptOutVerdict {
  const lower = clean.toLowerCase();
  const scope: OptOutScope = OWNER_SCOPE.some((re) => re.test(lower)) ? 'owner' : 'repository';
  const one = sentence.replace(/\s+/g, ' ').trim();
  return { refusal: true, scope, phrase: one.length > 160 ? `${one.slice(0, 157)}...` : one };
}

/** Typographic apostrophes straightened, without quoted lines, code blocks, inline code, comments and links' targets. */
function readable(text: string): string {
  return text
    .replace(/```[^]*?(?:```|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/<!--[^]*?-->/g, ' ');
}

/**
 * Sentences: split at . ! ? ; and at line breaks that end a markdown paragraph or list item (a single line break
 * inside a paragraph is a soft wrap), keeping the terminator (questions are told apart by it).
 */
function sentences(text: string): string[] {
  const unwrapped = text.replace(/([^\n])\n(?=[ \t]*[^\s\-*+#\d|])/g, '$1 ');
  return (unwrapped.match(/[^.!?;\n]+[.!?;]*/g) ?? []).map((s) => s.trim()).filter(Boolean);
}
