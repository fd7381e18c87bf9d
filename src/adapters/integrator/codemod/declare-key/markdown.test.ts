import { describe, expect, it } from 'vitest';
import { OPTIONAL_COMMENT } from './common';
import { declareInMarkdown } from './markdown';

const LINK = '[Helicone](https://helicone.ai) API key for LLM observability; without it nothing changes';

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('declareInMarkdown: tables', () => {
  it('pads the new row to a column-aligned table, after the provider key, without re-padding the others', () => {
    const readme = lines(
      '# App',
      '',
      '## Environment variables',
      '',
      '| Variable         | Required | Default | Description          |',
      '| ---------------- | :------: | ------- | -------------------- |',
      '| `OPENAI_API_KEY` |   Yes    | -       | Your OpenAI API key. |',
      '| `PORT`           |    No    | `3000`  | HTTP port.           |',
    );
    expect(declareInMarkdown(readme)).toBe(
      lines(
        '# App',
        '',
        '## Environment variables',
        '',
        '| Variable         | Required | Default | Description          |',
        '| ---------------- | :------: | ------- | -------------------- |',
        '| `OPENAI_API_KEY` |   Yes    | -       | Your OpenAI API key. |',
        // The name is two characters wider than its column: the centred "No" gives them back.
        `| \`HELICONE_API_KEY\` |   No   | -       | ${LINK}. |`,
        '| `PORT`           |    No    | `3000`  | HTTP port.           |',
      ),
    );
  });

  it('pads to the column widths when the row fits', () => {
    const desc = `Optional. ${LINK}`;
    const wide = (a: string, b: string) => `| ${a.padEnd(22)} | ${b.padEnd(desc.length + 4)} |`;
    const head = [
      '## Configuration',
      '',
      wide('Name', 'Description'),
      `|${'-'.repeat(24)}|${'-'.repeat(desc.length + 6)}|`,
      wide('ANTHROPIC_API_KEY', 'Anthropic key'),
    ];
    expect(declareInMarkdown(lines(...head))).toBe(lines(...head, wide('HELICONE_API_KEY', desc)));
    expect(wide('HELICONE_API_KEY', desc)).toBe(`| HELICONE_API_KEY       | ${desc}     |`);
  });

  it('adds a row in the style of an unaligned table holding a provider key, whatever its heading', () => {
    const readme = lines(
      '# App',
      '',
      'Some text.',
      '',
      '|Name|Description|',
      '|---|---|',
      '|OPENAI_API_KEY|OpenAI key|',
      '|DATABASE_URL|Postgres URL|',
      '',
      'More.',
    );
    expect(declareInMarkdown(readme)).toBe(
      lines(
        '# App',
        '',
        'Some text.',
        '',
        '|Name|Description|',
        '|---|---|',
        '|OPENAI_API_KEY|OpenAI key|',
        `|HELICONE_API_KEY|Optional. ${LINK}|`,
        '|DATABASE_URL|Postgres URL|',
        '',
        'More.',
      ),
    );
  });

  it("answers a Required column in the table's own words and fills a label column", () => {
    const readme = lines(
      '## Setup',
      '',
      '| Provider | Env var | Required | Example |',
      '| --- | --- | --- | --- |',
      '| OpenAI | `OPENAI_API_KEY` | **yes** | `sk-…` |',
      '| Anthropic | `ANTHROPIC_API_KEY` | **yes** | `sk-ant-…` |',
    );
    expect(declareInMarkdown(readme)).toBe(
      lines(
        '## Setup',
        '',
        '| Provider | Env var | Required | Example |',
        '| --- | --- | --- | --- |',
        '| OpenAI | `OPENAI_API_KEY` | **yes** | `sk-…` |',
        '| Anthropic | `ANTHROPIC_API_KEY` | **yes** | `sk-ant-…` |',
        '| Helicone | `HELICONE_API_KEY` | **no** |  |',
      ),
    );
  });

  it('takes a table of variables without a provider key only under an environment heading', () => {
    const table = ['| Variable | Description |', '| --- | --- |', '| `DATABASE_URL` | Postgres URL. |'];
    expect(declareInMarkdown(lines('# App', '', '## Deploying', '', ...table))).toBeUndefined();
    expect(declareInMarkdown(lines('# App', '', '## Environment', '', ...table))).toBe(
      lines('# App', '', '## Environment', '', ...table, `| \`HELICONE_API_KEY\` | Optional. ${LINK}. |`),
    );
  });

  it('leaves tables that are not lists of variables alone', () => {
    const readme = lines(
      '## Configuration',
      '',
      '| Option | Description |',
      '| --- | --- |',
      '| `--model` | Uses OPENAI_API_KEY |',
      '| `timeout` | Seconds |',
    );
    expect(declareInMarkdown(readme)).toBeUndefined();
  });
});

describe('declareInMarkdown: bullet lists', () => {
  it('adds a bullet after the provider key, past its continuation lines, in the same style', () => {
    const readme = lines(
      '# App',
      '',
      '## Configuration',
      '',
      'Set these:',
      '',
      '- `OPENAI_API_KEY` – your OpenAI key',
      '  (get one at platform.openai.com)',
      '- `MODEL` – the model to use',
      '',
      '## Usage',
    );
    expect(declareInMarkdown(readme)).toBe(
      lines(
        '# App',
        '',
        '## Configuration',
        '',
        'Set these:',
        '',
        '- `OPENAI_API_KEY` – your OpenAI key',
        '  (get one at platform.openai.com)',
        `- \`HELICONE_API_KEY\` – optional ${LINK}`,
        '- `MODEL` – the model to use',
        '',
        '## Usage',
      ),
    );
  });

  it('follows `* NAME: …`, bold names and a "(required)" qualifier', () => {
    expect(declareInMarkdown(lines('## Environment', '', '* OPENAI_API_KEY: The OpenAI key.', '* PORT: The port.'))).toBe(
      lines('## Environment', '', '* OPENAI_API_KEY: The OpenAI key.', `* HELICONE_API_KEY: Optional. ${LINK}.`, '* PORT: The port.'),
    );
    expect(declareInMarkdown(lines('## Setup', '', '* **ANTHROPIC_API_KEY** (required): Anthropic key.', '* **PORT**: port.'))).toBe(
      lines(
        '## Setup',
        '',
        '* **ANTHROPIC_API_KEY** (required): Anthropic key.',
        `* **HELICONE_API_KEY** (optional): ${LINK}.`,
        '* **PORT**: port.',
      ),
    );
  });

  it('keeps a loose list loose', () => {
    expect(declareInMarkdown(lines('## Env vars', '', '- `OPENAI_API_KEY`: key', '', '- `PORT`: port'))).toBe(
      lines('## Env vars', '', '- `OPENAI_API_KEY`: key', '', `- \`HELICONE_API_KEY\`: optional ${LINK}`, '', '- `PORT`: port'),
    );
  });

  it('leaves lists that are not only variables, or not under an environment heading, alone', () => {
    expect(declareInMarkdown(lines('## Configuration', '', '- `OPENAI_API_KEY` – key', '- Run `npm start`'))).toBeUndefined();
    expect(declareInMarkdown(lines('## Features', '', '- `PORT` – port', '- `HOST` – host'))).toBeUndefined();
  });
});

describe('declareInMarkdown: fenced KEY=value blocks', () => {
  it('adds the env-file lines before the closing fence', () => {
    const readme = lines(
      '# App',
      '',
      '## Environment',
      '',
      'Create `.env`:',
      '',
      '```env',
      '# LLM',
      'OPENAI_API_KEY=sk-...',
      'PORT=3000',
      '```',
      '',
      'Then run it.',
    );
    expect(declareInMarkdown(readme)).toBe(
      lines(
        '# App',
        '',
        '## Environment',
        '',
        'Create `.env`:',
        '',
        '```env',
        '# LLM',
        'OPENAI_API_KEY=sk-...',
        'PORT=3000',
        '',
        `# ${OPTIONAL_COMMENT}`,
        'HELICONE_API_KEY=',
        '```',
        '',
        'Then run it.',
      ),
    );
    expect(declareInMarkdown(lines('## Configuration', '', '```sh', 'export OPENAI_API_KEY=', '```'))).toBe(
      lines('## Configuration', '', '```sh', 'export OPENAI_API_KEY=', 'export HELICONE_API_KEY=', '```'),
    );
  });

  it('leaves shell snippets and blocks outside environment sections alone', () => {
    expect(declareInMarkdown(lines('## Configuration', '', '```sh', 'export OPENAI_API_KEY=sk-...', 'npm start', '```'))).toBeUndefined();
    expect(declareInMarkdown(lines('## Quick start', '', '```', 'OPENAI_API_KEY=sk-...', '```'))).toBeUndefined();
  });
});

describe('declareInMarkdown: choosing the place', () => {
  it('leaves a README that mentions the provider key only in prose untouched', () => {
    const readme = lines(
      '# App',
      '',
      '## Configuration',
      '',
      'Set OPENAI_API_KEY in your environment, then run `npm start`.',
      '',
      '- Fast',
      '- Small',
    );
    expect(declareInMarkdown(readme)).toBeUndefined();
  });

  it('adds the key once: to the list holding a provider key rather than an earlier list of other variables', () => {
    const readme = lines('## Environment', '', '- `PORT` – port', '', '## LLM settings', '', '- `OPENAI_API_KEY` – key');
    expect(declareInMarkdown(readme)).toBe(
      lines(
        '## Environment',
        '',
        '- `PORT` – port',
        '',
        '## LLM settings',
        '',
        '- `OPENAI_API_KEY` – key',
        `- \`HELICONE_API_KEY\` – optional ${LINK}`,
      ),
    );
  });

  it("does not take the README's own title for an environment heading", () => {
    expect(declareInMarkdown(lines('# dotenv-config-demo', '', '- `PORT` – port'))).toBeUndefined();
  });

  it('ignores lists inside code blocks, and keeps CRLF', () => {
    const readme = ['## Environment', '', '```md', '- `PORT` – port', '```', '', '- `OPENAI_API_KEY` – key', ''].join('\r\n');
    expect(declareInMarkdown(readme)).toBe(
      [
        '## Environment',
        '',
        '```md',
        '- `PORT` – port',
        '```',
        '',
        '- `OPENAI_API_KEY` – key',
        `- \`HELICONE_API_KEY\` – optional ${LINK}`,
        '',
      ].join('\r\n'),
    );
  });
});

describe('declareInMarkdown: docs pages', () => {
  it('extends docs/configuration.md, whose title says configuration', () => {
    const page = lines(
      '---',
      'title: Configuration',
      '---',
      '',
      'The server reads:',
      '',
      '| Env var | Purpose |',
      '|---------|---------|',
      '| `DATABASE_URL` | Postgres |',
      '| `LOG_LEVEL` | Verbosity |',
    );
    expect(declareInMarkdown(page, { docsPage: true })).toBe(
      lines(
        '---',
        'title: Configuration',
        '---',
        '',
        'The server reads:',
        '',
        '| Env var | Purpose |',
        '|---------|---------|',
        '| `DATABASE_URL` | Postgres |',
        '| `LOG_LEVEL` | Verbosity |',
        `| \`HELICONE_API_KEY\` | Optional. ${LINK} |`,
      ),
    );
    const headed = lines('# Self-hosting', '', '## Environment variables', '', '- `OPENAI_API_KEY`: your key.');
    expect(declareInMarkdown(headed, { docsPage: true })).toBe(
      lines(
        '# Self-hosting',
        '',
        '## Environment variables',
        '',
        '- `OPENAI_API_KEY`: your key.',
        `- \`HELICONE_API_KEY\`: optional ${LINK}.`,
      ),
    );
  });

  it('leaves a docs page that has no environment or configuration heading alone', () => {
    expect(declareInMarkdown(lines('# Providers', '', '- `OPENAI_API_KEY` – OpenAI'), { docsPage: true })).toBeUndefined();
  });
});
