import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '../adapters/integrator/codemod';
import { verifyRepository } from './verify-repository';

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-'));
  for (const [f, c] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), c);
  }
  return dir;
}

describe('verifyRepository', () => {
  it('tells routed, missed and explained sites apart, independently of the integrator', async () => {
    const dir = await repo({
      'a.ts': "import OpenAI from 'openai';\nexport const a = new OpenAI({ baseURL: 'https://oai.helicone.ai/v1', defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` } });\n",
      'b.ts': "import OpenAI from 'openai';\nexport const b = new OpenAI({ baseURL: 'https://oai.helicone.ai/v1' });\n",
      'c.ts': "import Anthropic from '@anthropic-ai/sdk';\nexport const c = new Anthropic();\n",
      'd.ts': "import { AzureOpenAI } from 'openai';\nexport const d = new AzureOpenAI({ endpoint: e });\n",
      'e.ts': "import { ChatOpenAI } from '@langchain/openai';\nexport const e = new ChatOpenAI({ configuration: { baseURL: 'https://ai-gateway.helicone.ai/v1' } });\n",
    });
    const v = await verifyRepository(dir, {
      integratorSites: [{ file: 'd.ts', line: 2, library: 'openai-azure', outcome: 'skipped', reason: 'Azure OpenAI needs a deployment-specific Helicone URL' }],
    });
    expect(v.sites.map((s) => [s.file, s.verdict, s.reason])).toEqual([
      ['a.ts', 'routed', undefined],
      ['b.ts', 'missed', 'routed to Helicone but without the Helicone-Auth header in defaultHeaders'],
      ['c.ts', 'missed', 'constructed without options, so it talks to the provider directly'],
      ['d.ts', 'left', 'Azure OpenAI needs a deployment-specific Helicone URL'],
      ['e.ts', 'routed', undefined],
    ]);
  });

  it('confirms the codemod on the sample app and reports changed files that no longer parse', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-sample-'));
    await fs.cp(path.resolve(__dirname, '../../examples/sample-app'), dir, { recursive: true });
    const before = await verifyRepository(dir);
    expect(before.sites.map((s) => s.verdict)).toEqual(['missed', 'missed']);
    const outcome = await new CodemodIntegrator().integrate({ workdir: dir, integrationId: 'v', attempt: 1, feedback: [], log: () => undefined });
    const after = await verifyRepository(dir, { integratorSites: outcome.sites, changedFiles: outcome.filesChanged });
    expect(after.sites.map((s) => s.verdict)).toEqual(['routed', 'routed']);
    expect(after.parseFailures).toEqual([]);
    await fs.writeFile(path.join(dir, 'src/openai-client.ts'), 'export const = ;\n');
    expect((await verifyRepository(dir, { changedFiles: ['src/openai-client.ts'] })).parseFailures).toEqual(['src/openai-client.ts']);
  });
});
