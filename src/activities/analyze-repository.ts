/**
 * A first, cheap analysis of a working copy: languages, contribution files and commit style. It decides how the
 * commit and PR are written; finding client sites is the integrator's and the verifier's job.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../adapters/git/run-git';
import type { RepositoryAnalysis } from '../shared/types';

const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'build', 'vendor', '.venv', 'venv', '__pycache__']);
const LANGUAGES: Record<string, string> = {
  '.ts': 'typescript', '.tsx': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.js': 'javascript', '.jsx': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript',
  '.py': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java', '.rb': 'ruby',
};
const CONVENTIONAL_RE = /^(feat|fix|chore|docs|refactor|test|build|ci|perf|style|revert)(\([^)]*\))?!?: /;

export async function analyzeRepository(dir: string): Promise<RepositoryAnalysis> {
  const languages: Record<string, number> = {};
  let files = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(path.join(rel, entry.name));
      } else if (entry.isFile()) {
        files++;
        const lang = LANGUAGES[path.extname(entry.name).toLowerCase()];
        if (lang) languages[lang] = (languages[lang] ?? 0) + 1;
      }
    }
  };
  await walk('');

  const { stdout } = await runGit(['log', '-30', '--format=%s'], { cwd: dir });
  const subjects: string[] = stdout.split('\n').filter(Boolean);
  const conventional = subjects.filter((s) => CONVENTIONAL_RE.test(s)).length;

  const exists = async (p: string) => fs.access(path.join(dir, p)).then(() => true, () => false);
  const envCandidates = ['.env.example', '.env.sample', '.env.template', 'example.env'];
  let envExample: string | undefined;
  for (const c of envCandidates) if (!envExample && (await exists(c))) envExample = c;

  return {
    files,
    languages,
    conventionalCommits: subjects.length >= 3 && conventional / subjects.length >= 0.5,
    hasContributing: (await exists('CONTRIBUTING.md')) || (await exists('.github/CONTRIBUTING.md')),
    hasPullRequestTemplate:
      (await exists('.github/pull_request_template.md')) || (await exists('.github/PULL_REQUEST_TEMPLATE.md')),
    ...(envExample ? { envExample } : {}),
  };
}
