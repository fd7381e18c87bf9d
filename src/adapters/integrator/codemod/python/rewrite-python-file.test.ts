import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewritePythonFile } from './rewrite-python-file';

async function rewrite(text: string): Promise<{ out: string; sites: { outcome: string; reason?: string }[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'py-'));
  await fs.writeFile(path.join(dir, 'm.py'), text);
  const { sites } = await rewritePythonFile(dir, 'm.py');
  return { out: await fs.readFile(path.join(dir, 'm.py'), 'utf8'), sites };
}

const H = `f"Bearer {os.environ.get('HELICONE_API_KEY')}"`;

describe('rewritePythonFile', () => {
  it('adds keyword arguments in a multi-line call, keeping its trailing comma, and imports os after __future__', async () => {
    const { out } = await rewrite('from __future__ import annotations\n\nfrom openai import OpenAI\n\nc = OpenAI(\n    api_key="k",\n)\n');
    expect(out).toBe(
      'from __future__ import annotations\n\nimport os\nfrom openai import OpenAI\n\nc = OpenAI(\n    api_key="k",\n' +
        `    base_url="https://oai.helicone.ai/v1",\n    default_headers={"Helicone-Auth": ${H}},\n)\n`,
    );
  });

  it('follows single quotes, resolves module aliases and keeps an existing import os', async () => {
    const { out } = await rewrite("import os\nimport anthropic as a\n\nc = a.Anthropic(api_key='k')\n");
    expect(out).toBe(
      "import os\nimport anthropic as a\n\nc = a.Anthropic(api_key='k', base_url='https://anthropic.helicone.ai', default_headers={'Helicone-Auth': f'Bearer {os.environ.get(\"HELICONE_API_KEY\")}'})\n",
    );
  });

  it('wraps headers from a variable and leaves unknown hosts alone', async () => {
    const { out, sites } = await rewrite('from openai import OpenAI\nc = OpenAI(default_headers=h)\nd = OpenAI(base_url="http://localhost:8000/v1")\n');
    expect(out).toContain(`c = OpenAI(default_headers={**h, "Helicone-Auth": ${H}}, base_url="https://oai.helicone.ai/v1")`);
    expect(out).toContain('d = OpenAI(base_url="http://localhost:8000/v1")');
    expect(sites[1]).toMatchObject({ outcome: 'skipped', reason: 'base_url points at http://localhost:8000/v1, which has no Helicone proxy host' });
  });

  it('ignores same-named classes from other modules', async () => {
    const text = 'from mylib import OpenAI\nc = OpenAI()\n';
    const { out, sites } = await rewrite(text);
    expect(out).toBe(text);
    expect(sites).toEqual([]);
  });
});

describe('comments in argument lists', () => {
  it('keeps a comment that ends the last argument with that argument', async () => {
    const { out } = await rewrite('from openai import OpenAI\nc = OpenAI(\n    timeout=5,  # seconds\n)\nd = OpenAI(\n    timeout=5  # seconds\n)\n');
    expect(out).toContain(`    timeout=5,  # seconds\n    base_url="https://oai.helicone.ai/v1",\n    default_headers={"Helicone-Auth": ${H}},\n)`);
    expect(out).toContain(`    timeout=5,  # seconds\n    base_url="https://oai.helicone.ai/v1",\n    default_headers={"Helicone-Auth": ${H}}\n)`);
  });
});
