import Anthropic from '@anthropic-ai/sdk';
import { logger } from '../logger.js';

// Reads ANTHROPIC_API_KEY itself.
export const anthropic = new Anthropic();
logger.debug('anthropic client ready');
