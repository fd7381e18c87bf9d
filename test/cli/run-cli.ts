/** Runs the CLI as a person does (`npm run <command>` is `tsx src/cli/main.ts <command>`): exit code and output. */
import { execFile } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, entry = 'src/cli/main.ts'): Promise<CliRun> {
  const argv = entry.endsWith('.mjs') ? [path.join(ROOT, entry), ...args] : ['--import', 'tsx', entry, ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, out: stdout + stderr });
    });
  });
}
