/** Whether a Claude Code session can be resumed: its transcript must exist in this config dir (this worker's disk). */
import fs from 'node:fs/promises';
import path from 'node:path';

export async function sessionExists(configDir: string, sessionId: string): Promise<boolean> {
  const projects = path.join(configDir, 'projects');
  const dirs = await fs.readdir(projects).catch(() => [] as string[]);
  for (const d of dirs) {
    if (
      await fs.access(path.join(projects, d, `${sessionId}.jsonl`)).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}
