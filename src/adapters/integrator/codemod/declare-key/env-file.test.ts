import { describe, expect, it } from 'vitest';
import { OPTIONAL_COMMENT } from './common';
import { declareInEnvFile, isEnvExampleName } from './env-file';

const NOTE = `# ${OPTIONAL_COMMENT}`;

describe('declareInEnvFile', () => {
  it('appends a bare line to a file without comments', () => {
    expect(declareInEnvFile('OPENAI_API_KEY=\nPORT=3000\n')).toBe('OPENAI_API_KEY=\nPORT=3000\nHELICONE_API_KEY=\n');
  });

  it('introduces the line with the optional comment, after a blank line, when the file uses comments', () => {
    expect(declareInEnvFile('# OpenAI\nOPENAI_API_KEY=sk-...\n')).toBe(`# OpenAI\nOPENAI_API_KEY=sk-...\n\n${NOTE}\nHELICONE_API_KEY=\n`);
    // No second blank line when the file already ends with one.
    expect(declareInEnvFile('# OpenAI\nOPENAI_API_KEY=\n\n')).toBe(`# OpenAI\nOPENAI_API_KEY=\n\n${NOTE}\nHELICONE_API_KEY=\n`);
  });

  it('follows `export ` and the empty value the provider keys are written with', () => {
    expect(declareInEnvFile('# Keys\nexport OPENAI_API_KEY=""\n')).toBe(
      `# Keys\nexport OPENAI_API_KEY=""\n\n${NOTE}\nexport HELICONE_API_KEY=""\n`,
    );
    expect(declareInEnvFile("export ANTHROPIC_API_KEY=''\n")).toBe("export ANTHROPIC_API_KEY=''\nexport HELICONE_API_KEY=''\n");
  });

  it('keeps a CRLF file CRLF, and ends a file that had no final line break', () => {
    expect(declareInEnvFile('OPENAI_API_KEY=\r\nPORT=3000')).toBe('OPENAI_API_KEY=\r\nPORT=3000\r\nHELICONE_API_KEY=\r\n');
    expect(declareInEnvFile('# a\r\nOPENAI_API_KEY=\r\n')).toBe(`# a\r\nOPENAI_API_KEY=\r\n\r\n${NOTE}\r\nHELICONE_API_KEY=\r\n`);
  });

  it('declares the key in an empty file', () => {
    expect(declareInEnvFile('')).toBe('HELICONE_API_KEY=\n');
  });
});

describe('isEnvExampleName', () => {
  it('knows the example file names', () => {
    for (const n of [
      '.env.example',
      '.env.sample',
      '.env.template',
      '.env.dist',
      '.env.local.example',
      '.env.development.example',
      'example.env',
      'env.example',
    ]) {
      expect(isEnvExampleName(n), n).toBe(true);
    }
    for (const n of ['.env', '.env.local', '.env.production', 'env.ts', '.envrc', 'example.env.ts'])
      expect(isEnvExampleName(n), n).toBe(false);
  });
});
