import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits';
import { detectStyle } from './file-style';
import { parse } from './find-client-sites';
import { moduleResolver } from './js-imports';
import {
  declareInNextConfig,
  declareKeyInModule,
  detectSettingsModule,
  isSettingsPath,
  keyReadFrom,
  type SettingsModule,
  type SettingsReader,
} from './settings-module';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** The module found in a file, and the file once the key is declared in it. */
function declare(rel: string, text: string): { module?: SettingsModule; output?: string } {
  const sf = parse(rel, text);
  const module = detectSettingsModule(rel, sf);
  const edits = declareKeyInModule(rel, sf, detectStyle(sf));
  return { ...(module ? { module } : {}), ...(edits ? { output: applyEdits(text, edits) } : {}) };
}

describe('settings modules: detection and the declaration of HELICONE_API_KEY in the module’s idiom', () => {
  it('zod: z.object(...).parse(process.env), through a const schema, with safeParse and the data exported', () => {
    const text = lines(
      "import { z } from 'zod';",
      '',
      'const EnvSchema = z.object({',
      "  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),",
      '  OPENAI_API_KEY: z.string().min(1),',
      '});',
      '',
      'const parsed = EnvSchema.safeParse(process.env);',
      'if (!parsed.success) throw new Error(parsed.error.message);',
      'export const env = parsed.data;',
    );
    const { module, output } = declare('src/env.ts', text);
    expect(module).toMatchObject({
      library: 'zod',
      exported: { kind: 'named', name: 'env' },
      keyProperty: 'HELICONE_API_KEY',
      declared: false,
    });
    expect(output).toBe(
      text.replace(
        '  OPENAI_API_KEY: z.string().min(1),\n',
        '  OPENAI_API_KEY: z.string().min(1),\n  HELICONE_API_KEY: z.string().optional(),\n',
      ),
    );
  });

  it('zod: an inline one-line schema, a default export, and a schema parsed from a mapping object (both get the entry)', () => {
    const inline = declare(
      'src/config/env.ts',
      lines("import * as z from 'zod';", 'export default z.object({ OPENAI_API_KEY: z.string() }).parse(process.env);'),
    );
    expect(inline.module).toMatchObject({ library: 'zod', exported: { kind: 'default' }, localName: 'env' });
    // Past 100 columns, the object is laid out as prettier lays it out.
    expect(inline.output).toBe(
      lines(
        "import * as z from 'zod';",
        'export default z.object({',
        '  OPENAI_API_KEY: z.string(),',
        '  HELICONE_API_KEY: z.string().optional(),',
        '}).parse(process.env);',
      ),
    );

    const mapped = declare(
      'lib/config.ts',
      lines(
        "import { z } from 'zod';",
        'const schema = z.object({',
        '  openaiKey: z.string(),',
        '  port: z.coerce.number(),',
        '});',
        'export const config = schema.parse({',
        '  openaiKey: process.env.OPENAI_API_KEY,',
        '  port: process.env.PORT,',
        '});',
      ),
    );
    expect(mapped.module).toMatchObject({ library: 'zod', keyProperty: 'heliconeApiKey', exported: { kind: 'named', name: 'config' } });
    expect(mapped.output).toContain('  port: z.coerce.number(),\n  heliconeApiKey: z.string().optional(),\n});');
    expect(mapped.output).toContain('  port: process.env.PORT,\n  heliconeApiKey: process.env.HELICONE_API_KEY,\n});');
  });

  it('envalid: str({ default: undefined }), with `str` added to the import when the module does not import it', () => {
    const text = lines(
      "import { cleanEnv, port, url } from 'envalid';",
      '',
      'export const config = cleanEnv(process.env, {',
      '  OPENAI_BASE_URL: url(),',
      '  PORT: port({ default: 8080 }),',
      '});',
    );
    const { module, output } = declare('src/config.ts', text);
    expect(module).toMatchObject({ library: 'envalid', exported: { kind: 'named', name: 'config' }, keyProperty: 'HELICONE_API_KEY' });
    expect(output).toBe(
      lines(
        "import { cleanEnv, port, url, str } from 'envalid';",
        '',
        'export const config = cleanEnv(process.env, {',
        '  OPENAI_BASE_URL: url(),',
        '  PORT: port({ default: 8080 }),',
        '  HELICONE_API_KEY: str({ default: undefined }),',
        '});',
      ),
    );
    // A namespace import and CommonJS.
    const ns = declare(
      'env.ts',
      lines("import * as envalid from 'envalid';", 'export const env = envalid.cleanEnv(process.env, { OPENAI_API_KEY: envalid.str() });'),
    );
    expect(ns.output).toContain('  OPENAI_API_KEY: envalid.str(),\n  HELICONE_API_KEY: envalid.str({ default: undefined }),\n});');
    const cjs = declare(
      'config.js',
      lines("const { cleanEnv, str } = require('envalid');", 'module.exports = cleanEnv(process.env, { OPENAI_API_KEY: str() });'),
    );
    expect(cjs.module).toMatchObject({ library: 'envalid', exported: { kind: 'commonjs' }, commonJs: true, localName: 'config' });
  });

  it('t3-env: the key in `server` and in an object `runtimeEnv`; none in `runtimeEnv: process.env` or experimental__runtimeEnv', () => {
    const text = lines(
      'import { createEnv } from "@t3-oss/env-nextjs";',
      'import { z } from "zod";',
      '',
      'export const env = createEnv({',
      '  server: {',
      '    OPENAI_API_KEY: z.string(),',
      '  },',
      '  client: {},',
      '  runtimeEnv: {',
      '    OPENAI_API_KEY: process.env.OPENAI_API_KEY,',
      '  },',
      '});',
    );
    const { module, output } = declare('src/env.js', text);
    expect(module).toMatchObject({ library: 't3-env', exported: { kind: 'named', name: 'env' }, keyProperty: 'HELICONE_API_KEY' });
    expect(output).toBe(
      text
        .replace('    OPENAI_API_KEY: z.string(),\n', '    OPENAI_API_KEY: z.string(),\n    HELICONE_API_KEY: z.string().optional(),\n')
        .replace(
          '    OPENAI_API_KEY: process.env.OPENAI_API_KEY,\n',
          '    OPENAI_API_KEY: process.env.OPENAI_API_KEY,\n    HELICONE_API_KEY: process.env.HELICONE_API_KEY,\n',
        ),
    );
    const core = declare(
      'src/env.ts',
      lines(
        "import { createEnv } from '@t3-oss/env-core';",
        "import { z } from 'zod';",
        'export const env = createEnv({',
        '  server: { OPENAI_API_KEY: z.string() },',
        '  runtimeEnv: process.env,',
        '});',
      ),
    );
    expect(core.output).toContain(
      '  server: { OPENAI_API_KEY: z.string(), HELICONE_API_KEY: z.string().optional() },\n  runtimeEnv: process.env,\n});',
    );
    const edge = declare(
      'src/env.mjs',
      lines(
        'import { createEnv } from "@t3-oss/env-nextjs";',
        'import { z } from "zod";',
        'export const env = createEnv({',
        '  server: { OPENAI_API_KEY: z.string() },',
        '  experimental__runtimeEnv: {},',
        '});',
      ),
    );
    expect(edge.output).toContain(
      '  server: { OPENAI_API_KEY: z.string(), HELICONE_API_KEY: z.string().optional() },\n  experimental__runtimeEnv: {},\n',
    );
  });

  it('a plain exported object: a property named in the object’s style, typed in its interface', () => {
    const camel = declare(
      'src/config.ts',
      lines(
        'interface AppConfig {',
        '  port: number;',
        '  openaiApiKey: string;',
        '}',
        '',
        'export const config: AppConfig = {',
        '  port: Number(process.env.PORT ?? 3000),',
        "  openaiApiKey: process.env.OPENAI_API_KEY ?? '',",
        '};',
      ),
    );
    expect(camel.module).toMatchObject({
      library: 'plain-object',
      keyProperty: 'heliconeApiKey',
      exported: { kind: 'named', name: 'config' },
    });
    expect(camel.output).toBe(
      lines(
        'interface AppConfig {',
        '  port: number;',
        '  openaiApiKey: string;',
        // exactOptionalPropertyTypes needs the `| undefined` for a value that may be undefined.
        '  heliconeApiKey?: string | undefined;',
        '}',
        '',
        'export const config: AppConfig = {',
        '  port: Number(process.env.PORT ?? 3000),',
        "  openaiApiKey: process.env.OPENAI_API_KEY ?? '',",
        '  heliconeApiKey: process.env.HELICONE_API_KEY,',
        '};',
      ),
    );
    const snake = declare(
      'settings.js',
      lines('module.exports = {', '  openai_key: process.env.OPENAI_API_KEY,', "  log_level: process.env['LOG_LEVEL'] || 'info',", '};'),
    );
    expect(snake.module).toMatchObject({ keyProperty: 'helicone_api_key', exported: { kind: 'commonjs' }, commonJs: true });
    expect(snake.output).toContain(
      "  log_level: process.env['LOG_LEVEL'] || 'info',\n  helicone_api_key: process.env.HELICONE_API_KEY,\n};",
    );
    const inlineType = declare(
      'lib/config.ts',
      lines(
        'export const config: { openaiKey?: string; port: number } = {',
        '  openaiKey: process.env.OPENAI_API_KEY,',
        '  port: 3000,',
        '};',
      ),
    );
    expect(inlineType.output).toContain('export const config: { openaiKey?: string; port: number; heliconeApiKey?: string } = {');
    const upper = declare('src/env.ts', lines('export const env = {', '  OPENAI_API_KEY: process.env.OPENAI_API_KEY!,', '} as const;'));
    expect(upper.module).toMatchObject({ keyProperty: 'HELICONE_API_KEY' });
  });

  it('leaves alone what is not a settings module, or where the key cannot be declared', () => {
    // No process.env: a table of models.
    expect(declare('src/config.ts', lines("export const config = { model: 'gpt-4o' };")).module).toBeUndefined();
    // A type from elsewhere: adding a property could break it.
    const imported = declare(
      'src/config.ts',
      lines("import type { Config } from './types';", 'export const config: Config = { key: process.env.OPENAI_API_KEY };'),
    );
    expect(imported.module).toBeUndefined();
    // Not exported.
    expect(
      declare(
        'src/env.ts',
        lines("import { z } from 'zod';", 'const env = z.object({ A: z.string() }).parse(process.env);', 'console.log(env);'),
      ).module,
    ).toBeUndefined();
    // Already declared: found, nothing to add.
    const done = declare(
      'src/env.ts',
      lines("import { z } from 'zod';", 'export const env = z.object({ HELICONE_API_KEY: z.string().optional() }).parse(process.env);'),
    );
    expect(done.module?.declared).toBe(true);
    expect(done.output).toBe(
      lines("import { z } from 'zod';", 'export const env = z.object({ HELICONE_API_KEY: z.string().optional() }).parse(process.env);'),
    );
    expect(
      ['src/env.ts', 'env.mjs', 'src/env/server.mjs', 'lib/config.ts', 'config/index.js', 'app/settings.py.ts'].map(isSettingsPath),
    ).toEqual([true, true, true, true, true, false]);
    expect(['next.config.js', 'vite.config.ts', 'src/lib/openai.ts'].map(isSettingsPath)).toEqual([false, false, false]);
  });

  it('next.config: the key beside the provider keys of `env`', () => {
    const text = lines(
      'module.exports = {',
      '  reactStrictMode: true,',
      '  env: {',
      '    OPENAI_API_KEY: process.env.OPENAI_API_KEY,',
      '  },',
      '};',
    );
    const sf = parse('next.config.js', text);
    expect(applyEdits(text, declareInNextConfig(sf, detectStyle(sf))!)).toBe(
      text.replace(
        '    OPENAI_API_KEY: process.env.OPENAI_API_KEY,\n',
        '    OPENAI_API_KEY: process.env.OPENAI_API_KEY,\n    HELICONE_API_KEY: process.env.HELICONE_API_KEY,\n',
      ),
    );
    expect(
      declareInNextConfig(parse('next.config.js', 'module.exports = { env: { APP: "x" } };\n'), detectStyle(parse('a.ts', ''))),
    ).toBeUndefined();
  });
});

describe('reading the key from the settings module in a client file', () => {
  const files: Record<string, string> = {
    'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }',
    'src/env.ts': lines("import { z } from 'zod';", 'export const env = z.object({ OPENAI_API_KEY: z.string() }).parse(process.env);'),
    'src/lib/db.ts': 'export const db = 1;\n',
    'src/config.js': lines('module.exports = { openaiKey: process.env.OPENAI_API_KEY };'),
  };
  const resolver = moduleResolver(new Set(Object.keys(files)), (f) => files[f]);
  const reader = (specs: { from: string; specifier: string }[] = []): SettingsReader => ({
    resolver,
    specifiersOf: () => specs,
    repoHabit: { alias: false, ext: 'none' },
  });
  const env = detectSettingsModule('src/env.ts', parse('src/env.ts', files['src/env.ts']!))!;
  const read = (rel: string, text: string, module = env, r = reader()) => {
    const sf = parse(rel, text);
    const k = keyReadFrom(rel, sf, detectStyle(sf), module, r);
    return k && { expr: k.expr, output: applyEdits(text, k.edits) };
  };

  it('uses the binding the file already imports (named, aliased, namespace)', () => {
    expect(read('src/a.ts', "import { env } from '@/env';\n")?.expr).toBe('env.HELICONE_API_KEY');
    expect(read('src/a.ts', "import { env as e } from './env';\n")?.expr).toBe('e.HELICONE_API_KEY');
    expect(read('src/lib/a.ts', "import * as settings from '../env.js';\n")?.expr).toBe('settings.env.HELICONE_API_KEY');
  });

  it('adds the import in the path style of the file, or of the repository’s other imports of the module', () => {
    // The file writes aliases: the alias.
    expect(read('src/lib/ai.ts', lines("import OpenAI from 'openai';", "import { db } from '@/lib/db';"))?.output).toBe(
      lines("import OpenAI from 'openai';", "import { db } from '@/lib/db';", "import { env } from '@/env';"),
    );
    // Relative with `.js` (NodeNext), double quotes, no semicolons.
    expect(read('src/lib/ai.ts', lines('import OpenAI from "openai"', 'import { db } from "./db.js"'))?.output).toBe(
      lines('import OpenAI from "openai"', 'import { db } from "./db.js"', 'import { env } from "../env.js"'),
    );
    // No local import in the file: as the other files import the module.
    expect(
      read('src/lib/ai.ts', "import OpenAI from 'openai';\n", env, reader([{ from: 'src/server.ts', specifier: '@/env' }]))?.output,
    ).toBe("import OpenAI from 'openai';\nimport { env } from '@/env';\n");
    expect(read('src/lib/ai.ts', "import OpenAI from 'openai';\n")?.output).toBe(
      "import OpenAI from 'openai';\nimport { env } from '../env';\n",
    );
  });

  it('requires a CommonJS module from a CommonJS file, and gives up where a new binding would clash', () => {
    const config = detectSettingsModule('src/config.js', parse('src/config.js', files['src/config.js']!))!;
    expect(read('src/bot.js', "const OpenAI = require('openai');\n", config)).toEqual({
      expr: 'config.openaiKey'.replace('openaiKey', 'heliconeApiKey'),
      output: "const OpenAI = require('openai');\nconst config = require('./config');\n",
    });
    // `env` is already a variable of the file.
    expect(read('src/a.ts', "import OpenAI from 'openai';\nconst env = process.env;\n")).toBeUndefined();
    // The module itself reads process.env.
    expect(read('src/env.ts', files['src/env.ts']!)).toBeUndefined();
  });
});
