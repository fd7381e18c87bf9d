import type { Config } from '../../shared/config';
import type { Forge } from './forge';
import { GitHubForge } from './github/github-forge';
import { LocalForge } from './local/local-forge';

/** The forge named by FORGE (resolved by the config loader): the local forge needs nothing, GitHub a token. */
export function createForge(
  config: Pick<Config, 'FORGE' | 'DATA_DIR' | 'FORGE_BOT_OWNER' | 'GITHUB_TOKEN' | 'GITHUB_API_URL'>,
  log?: (message: string) => void,
): Forge {
  if (config.FORGE === 'github') {
    return new GitHubForge({ token: config.GITHUB_TOKEN!, apiUrl: config.GITHUB_API_URL, log });
  }
  return new LocalForge({ dataDir: config.DATA_DIR, botOwner: config.FORGE_BOT_OWNER });
}
