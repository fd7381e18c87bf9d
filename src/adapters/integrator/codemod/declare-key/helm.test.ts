import { describe, expect, it } from 'vitest';
import { OPTIONAL_COMMENT } from './common';
import { declareInHelmValues } from './helm';

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('declareInHelmValues', () => {
  it('env list of name/value entries: an entry with an empty value after the provider key', () => {
    const values = lines(
      'image:',
      '  repository: app',
      'env:',
      '  - name: OPENAI_API_KEY',
      '    value: "sk-replace-me"',
      '  - name: LOG_LEVEL',
      '    value: info',
    );
    expect(declareInHelmValues(values)).toBe(
      lines(
        'image:',
        '  repository: app',
        'env:',
        '  - name: OPENAI_API_KEY',
        '    value: "sk-replace-me"',
        '  - name: HELICONE_API_KEY',
        '    value: ""',
        '  - name: LOG_LEVEL',
        '    value: info',
      ),
    );
  });

  it('the optional comment when the file uses comments; nested env lists, each once', () => {
    const values = lines(
      '# Default values',
      'api:',
      '  env:',
      '    - name: ANTHROPIC_API_KEY',
      "      value: ''",
      'worker:',
      '  extraEnv:',
      '  - name: OPENAI_API_KEY',
      '    value:',
      '  - name: X',
      '    value: y',
    );
    expect(declareInHelmValues(values)).toBe(
      lines(
        '# Default values',
        'api:',
        '  env:',
        '    - name: ANTHROPIC_API_KEY',
        "      value: ''",
        `    # ${OPTIONAL_COMMENT}`,
        '    - name: HELICONE_API_KEY',
        "      value: ''",
        'worker:',
        '  extraEnv:',
        '  - name: OPENAI_API_KEY',
        '    value:',
        `  # ${OPTIONAL_COMMENT}`,
        '  - name: HELICONE_API_KEY',
        '    value:',
        '  - name: X',
        '    value: y',
      ),
    );
  });

  it('a provider key read from a secret: a commented-out example saying how to turn it on', () => {
    const values = lines(
      'backend:',
      '  env:',
      '    - name: OPENAI_API_KEY',
      '      valueFrom:',
      '        secretKeyRef:',
      '          name: app-secrets',
      '          key: openai-api-key',
      '    - name: LOG_LEVEL',
      '      value: info',
    );
    expect(declareInHelmValues(values)).toBe(
      lines(
        'backend:',
        '  env:',
        '    - name: OPENAI_API_KEY',
        '      valueFrom:',
        '        secretKeyRef:',
        '          name: app-secrets',
        '          key: openai-api-key',
        '    # Optional: Helicone observability (https://helicone.ai); without it nothing changes. To turn it on, add your Helicone API key to the secret and uncomment:',
        '    # - name: HELICONE_API_KEY',
        '    #   valueFrom:',
        '    #     secretKeyRef:',
        '    #       name: app-secrets',
        '    #       key: helicone-api-key',
        '    - name: LOG_LEVEL',
        '      value: info',
      ),
    );
  });

  it('env map: an empty value in the quoting of the provider key', () => {
    expect(declareInHelmValues(lines('env:', '  OPENAI_API_KEY: "changeme"', '  LOG: info'))).toBe(
      lines('env:', '  OPENAI_API_KEY: "changeme"', '  HELICONE_API_KEY: ""', '  LOG: info'),
    );
    expect(declareInHelmValues(lines('env:', '  OPENAI_API_KEY:', '  LOG: info'))).toBe(
      lines('env:', '  OPENAI_API_KEY:', '  HELICONE_API_KEY:', '  LOG: info'),
    );
  });

  it('env map with a secret reference: commented out; CRLF kept', () => {
    const values = ['env:', '  OPENAI_API_KEY:', '    secretKeyRef:', '      name: llm', '      key: OPENAI_API_KEY', ''].join('\r\n');
    expect(declareInHelmValues(values)).toBe(
      [
        'env:',
        '  OPENAI_API_KEY:',
        '    secretKeyRef:',
        '      name: llm',
        '      key: OPENAI_API_KEY',
        '  # Optional: Helicone observability (https://helicone.ai); without it nothing changes. To turn it on, add your Helicone API key to the secret and uncomment:',
        '  # HELICONE_API_KEY:',
        '  #   secretKeyRef:',
        '  #     name: llm',
        '  #     key: HELICONE_API_KEY',
        '',
      ].join('\r\n'),
    );
  });

  it('leaves values without a provider key in an env list alone', () => {
    expect(declareInHelmValues(lines('env:', '  - name: LOG_LEVEL', '    value: info'))).toBeUndefined();
    expect(declareInHelmValues(lines('openai:', '  apiKey: ""', 'environment: production'))).toBeUndefined();
  });
});
