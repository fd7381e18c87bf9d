import fs from 'node:fs';
import path from 'node:path';

/** The workflow entry point the worker bundles: the TypeScript source under tsx/vitest, the compiled file in lib/. */
export function workflowsPath(): string {
  const dir = path.join(__dirname, '..', 'workflows');
  for (const file of ['index.ts', 'index.js']) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`Workflow entry point not found in ${dir}`);
}
