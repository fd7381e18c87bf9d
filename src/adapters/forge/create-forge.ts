import { ConfigError, type Config } from '../../shared/config';
import type { Forge } from './forge';
import { LocalForge } from './local-forge';

/** The forge named by FORGE. The local forge needs nothing; GitHub needs a token. */
export function createForge(config: Pick<Config, 'FORGE' | 'DATA_DIR' | 'FORGE_BOT_OWNER' | 'GITHUB_TOKEN'>): Forge {
  if (config.FORGE === 'github') {
    throw new ConfigError('FORGE: the GitHub forge is not available in this version yet; use FORGE=local');
  }
  return new LocalForge({ dataDir: config.DATA_DIR, botOwner: config.FORGE_BOT_OWNER });
}
