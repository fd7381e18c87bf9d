import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectStyle } from './file-style';
import { parse } from './find-client-sites';
import { editorconfigProps, readJsConfig, readRepoFormat } from './repo-format';

async function repo(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'repo-format-'));
  for (const [f, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), content);
  }
  return readRepoFormat(dir);
}

describe('the formatter configuration of a file', () => {
  it('prettier: the nearest configuration, prettier’s defaults for what it leaves out, overrides applied', async () => {
    const r = await repo({
      '.prettierrc': 'singleQuote: true\noverrides:\n  - files: ["*.test.ts", "legacy/**"]\n    options:\n      semi: false\n',
      'packages/web/package.json': '{ "name": "web", "prettier": { "printWidth": 120, "useTabs": true } }',
      'packages/api/package.json': '{ "name": "api" }',
    });
    expect(await r.formatFor('src/a.ts')).toEqual({
      formatter: 'prettier',
      configFile: '.prettierrc',
      printWidth: 80,
      tabWidth: 2,
      useTabs: false,
      semi: true,
      singleQuote: true,
      trailingComma: 'all',
      bracketSpacing: true,
    });
    expect(await r.formatFor('src/a.test.ts')).toMatchObject({ semi: false, singleQuote: true });
    expect(await r.formatFor('legacy/x/b.ts')).toMatchObject({ semi: false });
    // A package.json with a "prettier" key is a configuration; one without is passed over.
    expect(await r.formatFor('packages/web/src/c.ts')).toMatchObject({
      configFile: 'packages/web/package.json',
      printWidth: 120,
      useTabs: true,
      singleQuote: false,
    });
    expect(await r.formatFor('packages/api/src/c.ts')).toMatchObject({ configFile: '.prettierrc' });
  });

  it('prettier 2 defaults to trailingComma es5; a shared configuration is unknown (its width is prettier’s default)', async () => {
    const v2 = await repo({ '.prettierrc.json': '{ "semi": false }', 'package.json': '{ "devDependencies": { "prettier": "^2.8.8" } }' });
    expect(await v2.formatFor('a.ts')).toMatchObject({ trailingComma: 'es5', prettierVersion: '^2.8.8' });
    const shared = await repo({ 'package.json': '{ "prettier": "@acme/prettier-config" }' });
    expect(await shared.formatFor('a.ts')).toEqual({ formatter: 'prettier', configFile: 'package.json', printWidth: 80 });
    // Prettier as a dependency, no configuration: its width, the file's habits for the rest.
    const dep = await repo({ 'package.json': '{ "devDependencies": { "prettier": "3.3.3" } }' });
    expect(await dep.formatFor('a.ts')).toEqual({ formatter: 'prettier', printWidth: 80, prettierVersion: '3.3.3' });
  });

  it('reads the literal values of a JS/TS configuration without running it', () => {
    expect(
      readJsConfig(
        'prettier.config.mjs',
        "const config = { semi: false, printWidth: 100, plugins: [require('x')] };\nexport default config;\n",
      ),
    ).toEqual({ semi: false, printWidth: 100, plugins: [undefined] });
    expect(readJsConfig('.prettierrc.cjs', 'module.exports = { singleQuote: true, tabWidth: process.env.CI ? 4 : 2 };\n')).toEqual({
      singleQuote: true,
    });
    expect(
      readJsConfig('prettier.config.ts', "import type { Config } from 'prettier';\nexport default { useTabs: true } satisfies Config;\n"),
    ).toEqual({ useTabs: true });
    expect(readJsConfig('.prettierrc.js', "module.exports = require('@acme/prettier');\n")).toBeUndefined();
  });

  it('.editorconfig under the formatter; alone without one; Biome with its own defaults (tabs)', async () => {
    const ec = await repo({
      '.editorconfig':
        'root = true\n\n[*]\nindent_style = space\nindent_size = 4\n\n[*.{ts,tsx}]\nmax_line_length = 120\nquote_type = double\n\n[Makefile]\nindent_style = tab\n',
    });
    expect(await ec.formatFor('src/a.ts')).toEqual({ useTabs: false, tabWidth: 4, printWidth: 120, singleQuote: false });
    expect(await ec.formatFor('src/a.js')).toEqual({ useTabs: false, tabWidth: 4 });
    expect(editorconfigProps('[lib/**.js]\nindent_size = 3\n', 'lib/x/y.js')).toEqual({ indent_size: '3' });
    const biome = await repo({
      'biome.json':
        '{ "formatter": { "lineWidth": 100 }, "javascript": { "formatter": { "quoteStyle": "single", "semicolons": "asNeeded" } } }',
    });
    expect(await biome.formatFor('a.ts')).toMatchObject({
      formatter: 'biome',
      useTabs: true,
      printWidth: 100,
      singleQuote: true,
      semi: false,
    });
    const off = await repo({ 'biome.json': '{ "formatter": { "enabled": false } }' });
    expect(await off.formatFor('a.ts')).toEqual({});
  });

  it('without a configuration, the quotes of the import statements decide', () => {
    const sf = parse(
      'a.ts',
      "import OpenAI from \"openai\";\nimport { x } from \"./x\";\nconst a = 'a';\nconst b = 'b';\nconst c = 'c';\n",
    );
    expect(detectStyle(sf).quote).toBe('"');
    expect(detectStyle(sf, { singleQuote: true }).quote).toBe("'");
    expect(detectStyle(parse('b.ts', "const a = 'a';\nconst b = \"b\";\nconst c = 'c';\n")).quote).toBe("'");
    expect(detectStyle(parse('c.ts', 'import a from "a"\nconst x = 1\n'))).toMatchObject({ semi: false, printWidth: 100 });
  });
});
