import Anthropic from '@anthropic-ai/sdk';
import { logger } from '../logger.js';
import { env } from '../env.js';

// Reads ANTHROPIC_API_KEY itself.
export const anthropic = new Anthropic(
  env.HELICONE_API_KEY
    ? {
        baseURL: 'https://anthropic.helicone.ai',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${env.HELICONE_API_KEY}` },
      }
    : {},
);
logger.debug('anthropic client ready');
