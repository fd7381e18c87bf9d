import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRepository, manifestPaths, readManifests, tomlTables, type ClassifyInput } from './classify-repository';

const json = (o: unknown) => JSON.stringify(o, null, 2);
/** A classification from manifests alone; `files` are the manifests plus `extra`. */
const classify = (manifests: Record<string, string>, opts: { extra?: string[]; repoName?: string } = {}) => {
  const input: ClassifyInput = {
    files: [...Object.keys(manifests), ...(opts.extra ?? [])].sort(),
    manifests,
    ...(opts.repoName ? { repoName: opts.repoName } : {}),
  };
  return classifyRepository(input);
};

// The shape of openai/openai-node's package.json (v4): published from the repository root, with a CLI.
const OPENAI_NODE = json({
  name: 'openai',
  version: '4.86.1',
  description: 'The official TypeScript library for the OpenAI API',
  author: 'OpenAI <support@openai.com>',
  types: 'dist/index.d.ts',
  main: 'dist/index.js',
  type: 'commonjs',
  repository: 'github:openai/openai-node',
  license: 'Apache-2.0',
  packageManager: 'yarn@1.22.22',
  files: ['**/*'],
  private: false,
  scripts: { test: './scripts/test', build: './scripts/build', lint: './scripts/lint', fix: './scripts/format' },
  dependencies: {
    '@types/node': '^18.11.18',
    'abort-controller': '^3.0.0',
    agentkeepalive: '^4.2.1',
    'form-data-encoder': '1.7.2',
    'node-fetch': '^2.6.7',
  },
  devDependencies: { '@swc/jest': '^0.2.29', jest: '^29.4.0', prettier: '^3.0.0', typescript: '^4.8.2' },
  sideEffects: ['./_shims/index.js', './_shims/index.mjs'],
  imports: { openai: '.', 'openai/*': './src/*' },
  exports: {
    './_shims/auto/*': { deno: { types: './dist/_shims/auto/*.d.ts' } },
    '.': { require: { types: './index.d.ts', default: './index.js' }, types: './index.d.mts', default: './index.mjs' },
  },
  bin: './bin/cli',
  peerDependencies: { ws: '^8.18.0', zod: '^3.23.8' },
});

// create-next-app's package.json with the Vercel AI SDK added.
const NEXT_APP = json({
  name: 'chat-with-docs',
  version: '0.1.0',
  private: true,
  scripts: { dev: 'next dev --turbopack', build: 'next build', start: 'next start', lint: 'next lint' },
  dependencies: { ai: '^4.1.0', '@ai-sdk/openai': '^1.1.0', next: '15.1.6', react: '^19.0.0', 'react-dom': '^19.0.0' },
  devDependencies: { '@types/node': '^20', '@types/react': '^19', eslint: '^9', 'eslint-config-next': '15.1.6', typescript: '^5' },
});

describe('classifyRepository', () => {
  it('an LLM SDK published from the root (openai-node) is a library, by its name', () => {
    expect(
      classify({ 'package.json': OPENAI_NODE }, { extra: ['src/index.ts', 'examples/demo.ts', 'tests/api-resources/chat.test.ts'] }),
    ).toEqual({
      kind: 'library',
      evidence: 'package.json names the package "openai", a known LLM SDK or framework.',
    });
    for (const name of ['@anthropic-ai/sdk', 'ai', '@ai-sdk/anthropic', 'langchain', '@langchain/openai', 'llamaindex', 'groq-sdk']) {
      expect(classify({ 'package.json': json({ name, version: '1.0.0', main: 'index.js' }) }).kind).toBe('library');
    }
  });

  it('any published package (entry points, files, publishConfig) is a library; the evidence names the fields', () => {
    const pkg = json({
      name: '@acme/weather-client',
      version: '2.3.0',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      types: './dist/index.d.ts',
      files: ['dist'],
      publishConfig: { access: 'public' },
      keywords: ['weather', 'api'],
    });
    expect(classify({ 'package.json': pkg })).toEqual({
      kind: 'library',
      evidence: 'package.json is not private and declares "exports", "types" and "publishConfig": a published library.',
    });
    expect(
      classify({ 'package.json': json({ name: 'tiny-llm-kit', version: '0.1.0', main: 'index.js', keywords: ['openai', 'sdk'] }) }),
    ).toEqual({
      kind: 'library',
      evidence: 'package.json is not private, declares "main" and the keyword "sdk": a published library.',
    });
  });

  it('a Next.js app (private: true) is an application, whatever it depends on', () => {
    expect(classify({ 'package.json': NEXT_APP }, { extra: ['app/api/chat/route.ts', 'next.config.ts'] })).toEqual({
      kind: 'application',
      evidence: 'package.json sets "private": true and no manifest declares a library, GitHub Action or command-line tool.',
    });
    // Private wins over library-looking fields (the sample app declares "main"; some apps declare "types").
    expect(
      classify({
        'package.json': json({ name: 'sample-llm-app', private: true, main: 'dist/index.js', types: 'dist/index.d.ts', files: ['dist'] }),
      }).kind,
    ).toBe('application');
  });

  it('an npm-init Express app (not private, only "main") is an application', () => {
    const pkg = json({
      name: 'support-bot',
      version: '1.0.0',
      description: '',
      main: 'index.js',
      scripts: { start: 'node index.js' },
      keywords: [],
      license: 'ISC',
      dependencies: { express: '^4.21.0', openai: '^4.80.0' },
    });
    expect(classify({ 'package.json': pkg, '.env.example': '' })).toEqual({
      kind: 'application',
      evidence: 'package.json declares no library, GitHub Action or command-line tool.',
    });
    expect(classify({})).toMatchObject({ kind: 'application', evidence: expect.stringMatching(/^No package\.json, pyproject\.toml/) });
  });

  it('a JavaScript action (action.yml, runs.using: node20) is a GitHub Action, before its package.json', () => {
    const action = [
      "name: 'AI Code Review'",
      "description: 'Reviews pull requests with GPT-4o'",
      'inputs:',
      '  openai-api-key:',
      "    description: 'OpenAI API key'",
      '    required: true',
      'runs:',
      "  using: 'node20'",
      "  main: 'dist/index.js'",
      'branding:',
      "  icon: 'eye'",
      "  color: 'purple'",
      '',
    ].join('\n');
    const pkg = json({
      name: 'ai-code-review-action',
      version: '1.2.0',
      main: 'lib/main.js',
      types: 'lib/main.d.ts',
      dependencies: { '@actions/core': '^1.11.1', openai: '^4.0.0' },
    });
    expect(classify({ 'action.yml': action, 'package.json': pkg })).toEqual({
      kind: 'github-action',
      evidence: 'action.yml at the root declares runs.using: node20: a GitHub Action.',
    });
    expect(classify({ 'action.yaml': 'name: x\nruns:\n  using: composite\n  steps: []\n' }).kind).toBe('github-action');
    // Not an action: an action.yml of another tool, without `runs`.
    expect(classify({ 'action.yml': 'steps:\n  - build\n' }).kind).toBe('application');
  });

  it('a Python CLI with [project.scripts] is a CLI; so is a package.json with only "bin"', () => {
    const pyproject = [
      '[build-system]',
      'requires = ["hatchling"]',
      'build-backend = "hatchling.build"',
      '',
      '[project]',
      'name = "commitgpt"',
      'version = "0.3.0"',
      'description = "Write commit messages with GPT"',
      'readme = "README.md"',
      'requires-python = ">=3.9"',
      'dependencies = [',
      '    "openai>=1.0",  # the v1 client',
      '    "click>=8",',
      ']',
      '',
      '[project.scripts]',
      'commitgpt = "commitgpt.cli:main"',
      '',
    ].join('\n');
    expect(classify({ 'pyproject.toml': pyproject })).toEqual({
      kind: 'cli',
      evidence: 'pyproject.toml declares [project.scripts] (commitgpt): a command-line tool.',
    });
    const poetry = '[tool.poetry]\nname = "gptcli"\nversion = "0.1.0"\n\n[tool.poetry.scripts]\ngpt = "gptcli.main:run"\n';
    expect(classify({ 'pyproject.toml': poetry }).evidence).toBe(
      'pyproject.toml declares [tool.poetry.scripts] (gpt): a command-line tool.',
    );
    const cfg = '[metadata]\nname = ask-llm\nversion = 1.0\n\n[options.entry_points]\nconsole_scripts =\n    ask = ask_llm.cli:main\n';
    expect(classify({ 'setup.cfg': cfg }).evidence).toBe(
      'setup.cfg declares [options.entry_points] console_scripts (ask): a command-line tool.',
    );
    expect(
      classify({
        'package.json': json({
          name: 'aicommits',
          version: '1.11.0',
          bin: { aicommits: './dist/cli.mjs', aic: './dist/cli.mjs' },
          files: ['dist'],
        }),
      }),
    ).toEqual({
      kind: 'cli',
      evidence: 'package.json declares "bin" (aicommits, aic) and no library entry point: a command-line tool.',
    });
  });

  it('Python SDKs are libraries, by name or by the trove classifier; scripts do not make them CLIs', () => {
    // The shape of anthropic-sdk-python's pyproject.toml.
    const anthropic = [
      '[project]',
      'name = "anthropic"',
      'version = "0.49.0"',
      'description = "The official Python library for the anthropic API"',
      'dynamic = ["readme"]',
      'license = "MIT"',
      'authors = [',
      '{ name = "Anthropic", email = "support@anthropic.com" },',
      ']',
      'dependencies = [',
      '    "httpx>=0.23.0, <1",',
      '    "pydantic>=1.9.0, <3",',
      ']',
      'requires-python = ">= 3.8"',
      'classifiers = [',
      '  "Typing :: Typed",',
      '  "Intended Audience :: Developers",',
      '  "Programming Language :: Python :: 3.8",',
      '  "Operating System :: OS Independent",',
      '  "Topic :: Software Development :: Libraries :: Python Modules",',
      '  "License :: OSI Approved :: MIT License"',
      ']',
      '',
      '[project.urls]',
      'Homepage = "https://github.com/anthropics/anthropic-sdk-python"',
      '',
      '[project.scripts]',
      'anthropic = "anthropic.cli:main"',
    ].join('\n');
    expect(classify({ 'pyproject.toml': anthropic })).toEqual({
      kind: 'library',
      evidence: 'pyproject.toml [project] name "anthropic" is a known LLM SDK or framework.',
    });
    expect(classify({ 'pyproject.toml': anthropic.replace('name = "anthropic"', 'name = "acme-weather"') })).toEqual({
      kind: 'library',
      evidence:
        'pyproject.toml [project] classifiers include "Topic :: Software Development :: Libraries :: Python Modules": a published library.',
    });
    for (const name of ['litellm', 'LangChain_Core', 'llama-index-llms-openai', 'openai', 'crewai']) {
      expect(classify({ 'pyproject.toml': `[project]\nname = "${name}"\nversion = "1.0"\n` }).kind).toBe('library');
    }
    // An application merely named after a framework is not one of its packages.
    expect(
      classify({ 'pyproject.toml': '[project]\nname = "langchain-rag-demo"\nversion = "0.1.0"\ndependencies = ["langchain-openai"]\n' })
        .kind,
    ).toBe('application');
    // setup.py (read, never run): an old-style library.
    const setupPy = [
      'from setuptools import setup, find_packages',
      '',
      'setup(',
      '    name="retry-llm",',
      '    version="0.4.2",',
      '    packages=find_packages(exclude=["tests"]),',
      '    install_requires=["openai>=1.0"],',
      '    classifiers=[',
      '        "Programming Language :: Python :: 3",',
      '        "Topic :: Software Development :: Libraries",',
      '    ],',
      ')',
    ].join('\n');
    expect(classify({ 'setup.py': setupPy })).toEqual({
      kind: 'library',
      evidence: 'setup.py setup(classifiers=…) include "Topic :: Software Development :: Libraries": a published library.',
    });
    expect(classify({ 'setup.py': 'setup(name="litellm", version="1.0")\n' }).evidence).toBe(
      'setup.py setup(name=…) "litellm" is a known LLM SDK or framework.',
    );
  });

  it('a Poetry or uv application without library signals is an application', () => {
    const poetry =
      '[tool.poetry]\nname = "chat-backend"\nversion = "0.1.0"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.115"\nopenai = "^1.60"\n';
    expect(classify({ 'pyproject.toml': poetry })).toEqual({
      kind: 'application',
      evidence: 'pyproject.toml declares no library, GitHub Action or command-line tool.',
    });
  });

  it('a template is named so, in the repository name or the package name; a published library stays a library', () => {
    expect(classify({ 'package.json': NEXT_APP }, { repoName: 'nextjs-openai-starter' })).toEqual({
      kind: 'template',
      evidence: 'The repository name "nextjs-openai-starter" says "starter": a template to start from.',
    });
    expect(classify({ 'pyproject.toml': '[project]\nname = "fastapi-llm-template"\nversion = "0.1.0"\n' }).evidence).toBe(
      'The package name "fastapi-llm-template" says "template": a template to start from.',
    );
    expect(classify({ 'package.json': json({ name: 'saas-boilerplate', private: true }) }).kind).toBe('template');
    expect(
      classify(
        { 'package.json': json({ name: 'templates-engine', version: '1.0.0', exports: './index.js' }) },
        { repoName: 'template-engine' },
      ).kind,
    ).toBe('library');
    // Not a word of the name: "startermotor", "contemplate".
    expect(classify({ 'package.json': NEXT_APP }, { repoName: 'contemplate' }).kind).toBe('application');
  });

  it('a monorepo whose packages include a known LLM SDK is a library, its private examples notwithstanding', () => {
    // The shape of vercel/ai: a private root, pnpm workspaces, published packages, private example apps.
    const manifests = {
      'package.json': json({ name: 'ai-monorepo', private: true, scripts: { build: 'turbo build' }, devDependencies: { turbo: '^2' } }),
      'packages/ai/package.json': json({
        name: 'ai',
        version: '4.1.0',
        main: './dist/index.js',
        types: './dist/index.d.ts',
        exports: { '.': './dist/index.mjs' },
        files: ['dist/**/*'],
      }),
      'packages/openai/package.json': json({
        name: '@ai-sdk/openai',
        version: '1.1.0',
        exports: { '.': './dist/index.mjs' },
        publishConfig: { access: 'public' },
      }),
      'packages/ui-utils/package.json': json({ name: '@ai-sdk/ui-utils', version: '1.1.0', exports: { '.': './dist/index.mjs' } }),
      'examples/next-openai/package.json': json({ name: 'next-openai', private: true }),
    };
    const files = [...Object.keys(manifests), 'pnpm-workspace.yaml', 'examples/next-openai/app/api/chat/route.ts'].sort();
    // The reader never reads an example's manifest.
    expect(manifestPaths(files)).toEqual([
      'package.json',
      'packages/ai/package.json',
      'packages/openai/package.json',
      'packages/ui-utils/package.json',
    ]);
    expect(classifyRepository({ files, manifests })).toEqual({
      kind: 'library',
      evidence: 'packages/ai/package.json names the package "ai", a known LLM SDK or framework (a package of this monorepo).',
    });
  });

  it('a monorepo of published libraries is a library; one with an application is an application', () => {
    const lib = (name: string) => json({ name, version: '1.0.0', exports: './dist/index.js', types: './dist/index.d.ts' });
    const root = json({ name: 'acme', private: true, workspaces: ['packages/*'] });
    expect(
      classify({
        'package.json': root,
        'packages/core/package.json': lib('@acme/core'),
        'packages/react/package.json': lib('@acme/react'),
      }),
    ).toEqual({
      kind: 'library',
      evidence: 'Every package of this monorepo is a published library (packages/core/, packages/react/).',
    });
    expect(
      classify({
        'package.json': json({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] }),
        'apps/web/package.json': NEXT_APP,
        'packages/core/package.json': lib('@acme/core'),
        'packages/react/package.json': lib('@acme/react'),
      }).kind,
    ).toBe('application');
    // A private app root with one published helper package, and no workspace: an application.
    expect(
      classify({ 'package.json': NEXT_APP, 'packages/sdk/package.json': lib('@acme/sdk'), 'packages/ui/package.json': lib('@acme/ui') })
        .kind,
    ).toBe('application');
  });

  it('a Python monorepo (langchain: packages under libs/, no project at the root) is a library', () => {
    const manifests = {
      'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
      'libs/core/pyproject.toml': '[project]\nname = "langchain-core"\nversion = "0.3.40"\n',
      'libs/partners/openai/pyproject.toml': '[project]\nname = "langchain-openai"\nversion = "0.3.7"\n',
    };
    expect(classify(manifests)).toEqual({
      kind: 'library',
      evidence: 'libs/core/pyproject.toml [project] name "langchain-core" is a known LLM SDK or framework (a package of this monorepo).',
    });
    // An application split into frontend/ and backend/: no library among them.
    expect(
      classify({ 'frontend/package.json': NEXT_APP, 'backend/pyproject.toml': '[project]\nname = "api"\nversion = "0.1.0"\n' }).kind,
    ).toBe('application');
  });

  it('reads the manifests from a working copy', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'classify-'));
    const files = {
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'packages/sdk/pyproject.toml': '[project]\nname = "openai-agents"\n',
      'tests/fixtures/pyproject.toml': 'x',
      'src/a.py': '',
    };
    for (const [f, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await fs.writeFile(path.join(dir, f), text);
    }
    const manifests = await readManifests(dir, [...Object.keys(files), 'setup.py']);
    expect(Object.keys(manifests).sort()).toEqual(['packages/sdk/pyproject.toml', 'pyproject.toml']);
    expect(classifyRepository({ files: Object.keys(files), manifests }).kind).toBe('library');
  });
});

describe('tomlTables', () => {
  it('reads tables, multi-line arrays, quoted keys and comments', () => {
    const t = tomlTables(
      '[project]\nname = "x" # the name\nclassifiers = [\n  "A :: B", # first\n  "C :: D",\n]\n[project.scripts]\n"my-cli" = "x:main"\n[ "tool" . "poetry" ]\nname = \'y\'\n',
    );
    expect(t.get('project')?.get('name')).toBe('"x"');
    expect(t.get('project')?.get('classifiers')).toContain('"C :: D"');
    expect([...t.get('project.scripts')!.keys()]).toEqual(['my-cli']);
    expect(t.get('tool.poetry')?.get('name')).toBe("'y'");
  });
});
