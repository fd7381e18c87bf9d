/**
 * The real Python formatters and linters (black, ruff), pinned in test/runtime/python-sdks.lock.txt and installed
 * into the runtime suite's cached venv by scripts/install-runtime-sdks.mjs. A tool that cannot be installed or run
 * fails the test that asked for it: nothing is skipped.
 */
import { spawnSync } from 'node:child_process';
import { installRuntimeSdks } from '../runtime/harness';

export interface ToolRun {
  code: number;
  output: string;
}

let python: Promise<string> | undefined;

/** The venv's Python (installing the venv when its lock changed; a few minutes the first time). */
export function toolsPython(): Promise<string> {
  python ??= installRuntimeSdks().then((sdks) => sdks.python.sdks);
  return python;
}

/**
 * `python -m <tool> args` in `cwd` (the venv is renamed into place after its install, so its console scripts'
 * shebangs are stale: the tools run as modules). Throws when the tool is missing, so the test fails.
 */
export async function runPythonTool(tool: 'black' | 'ruff', args: string[], cwd: string): Promise<ToolRun> {
  const py = await toolsPython();
  const r = spawnSync(py, ['-m', tool, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, NO_COLOR: '1' },
  });
  if (r.error) throw new Error(`could not run ${tool}: ${r.error.message}`);
  const output = `${r.stdout}${r.stderr}`;
  if (/No module named/.test(output)) throw new Error(`${tool} is not installed in ${py}: ${output.trim()}`);
  return { code: r.status ?? 1, output };
}
