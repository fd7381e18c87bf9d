import { describe, expect, it } from 'vitest';
import { OPTIONAL_COMMENT } from './common';
import { declareInCompose, isComposeName } from './compose';

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('declareInCompose', () => {
  it('list form: passes the key after the provider key, with an empty default when the file writes defaults', () => {
    const file = lines(
      'services:',
      '  app:',
      '    image: app',
      '    environment:',
      '      - OPENAI_API_KEY=${OPENAI_API_KEY}',
      '      - PORT=${PORT:-3000}',
      '  db:',
      '    image: postgres',
      '    environment:',
      '      - POSTGRES_PASSWORD=x',
    );
    expect(declareInCompose(file)).toBe(
      lines(
        'services:',
        '  app:',
        '    image: app',
        '    environment:',
        '      - OPENAI_API_KEY=${OPENAI_API_KEY}',
        '      - HELICONE_API_KEY=${HELICONE_API_KEY:-}',
        '      - PORT=${PORT:-3000}',
        '  db:',
        '    image: postgres',
        '    environment:',
        '      - POSTGRES_PASSWORD=x',
      ),
    );
  });

  it('list form: bare names, `$VAR` and quoted items keep their form', () => {
    expect(declareInCompose(lines('services:', '  app:', '    environment:', '      - OPENAI_API_KEY', '      - DEBUG'))).toBe(
      lines('services:', '  app:', '    environment:', '      - OPENAI_API_KEY', '      - HELICONE_API_KEY', '      - DEBUG'),
    );
    expect(declareInCompose(lines('services:', '  app:', '    environment:', '      - "ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY"'))).toBe(
      lines(
        'services:',
        '  app:',
        '    environment:',
        '      - "ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY"',
        '      - "HELICONE_API_KEY=$HELICONE_API_KEY"',
      ),
    );
    // A required variable (`:?`) or a literal placeholder is never copied: the Helicone key stays optional.
    expect(
      declareInCompose(
        lines('services:', '  app:', '    environment:', '      - OPENAI_API_KEY=${OPENAI_API_KEY:?set it}', '      - MODEL=gpt-4o'),
      ),
    ).toBe(
      lines(
        'services:',
        '  app:',
        '    environment:',
        '      - OPENAI_API_KEY=${OPENAI_API_KEY:?set it}',
        '      - HELICONE_API_KEY=${HELICONE_API_KEY:-}',
        '      - MODEL=gpt-4o',
      ),
    );
  });

  it('map form: quoting and null values followed; the optional comment when the file uses comments', () => {
    const file = lines(
      '# dev stack',
      'services:',
      '  api:',
      '    environment:',
      '      ANTHROPIC_API_KEY: "${ANTHROPIC_API_KEY}"',
      '      DEBUG: "1" # verbose',
      '  worker:',
      '    environment:',
      '      OPENAI_API_KEY:',
      '      QUEUE: jobs',
    );
    expect(declareInCompose(file)).toBe(
      lines(
        '# dev stack',
        'services:',
        '  api:',
        '    environment:',
        '      ANTHROPIC_API_KEY: "${ANTHROPIC_API_KEY}"',
        `      # ${OPTIONAL_COMMENT}`,
        '      HELICONE_API_KEY: "${HELICONE_API_KEY}"',
        '      DEBUG: "1" # verbose',
        '  worker:',
        '    environment:',
        '      OPENAI_API_KEY:',
        `      # ${OPTIONAL_COMMENT}`,
        '      HELICONE_API_KEY:',
        '      QUEUE: jobs',
      ),
    );
  });

  it('an environment shared through an anchor is changed once, at the anchor; CRLF is kept', () => {
    const file = [
      'x-llm-env: &llm-env',
      '  OPENAI_API_KEY: ${OPENAI_API_KEY:-}',
      'services:',
      '  api:',
      '    environment: *llm-env',
      '  worker:',
      '    environment:',
      '      <<: *llm-env',
      '      QUEUE: jobs',
      '',
    ].join('\r\n');
    expect(declareInCompose(file)).toBe(
      [
        'x-llm-env: &llm-env',
        '  OPENAI_API_KEY: ${OPENAI_API_KEY:-}',
        '  HELICONE_API_KEY: ${HELICONE_API_KEY:-}',
        'services:',
        '  api:',
        '    environment: *llm-env',
        '  worker:',
        '    environment:',
        '      <<: *llm-env',
        '      QUEUE: jobs',
        '',
      ].join('\r\n'),
    );
  });

  it('leaves files without a provider key in an environment, flow lists and broken YAML alone', () => {
    expect(declareInCompose(lines('services:', '  db:', '    environment:', '      - POSTGRES_PASSWORD=x'))).toBeUndefined();
    expect(declareInCompose(lines('services:', '  app:', '    env_file: .env', '    command: echo $OPENAI_API_KEY'))).toBeUndefined();
    expect(declareInCompose(lines('services:', '  app:', '    environment: [OPENAI_API_KEY]'))).toBeUndefined();
    expect(declareInCompose(lines('services:', '  app:', '    environment:', '      - OPENAI_API_KEY', '   bad: [indent'))).toBeUndefined();
  });
});

describe('isComposeName', () => {
  it('knows Compose file names', () => {
    for (const n of [
      'docker-compose.yml',
      'docker-compose.yaml',
      'docker-compose.prod.yml',
      'docker-compose-dev.yml',
      'compose.yaml',
      'compose.override.yml',
    ])
      expect(isComposeName(n), n).toBe(true);
    for (const n of ['compose.json', 'docker-compose.yml.bak', 'values.yaml', 'my-compose.yml']) expect(isComposeName(n), n).toBe(false);
  });
});
