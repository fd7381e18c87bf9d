import Anthropic from '@anthropic-ai/sdk';
const b = new Anthropic({
  maxRetries: 1,
  ...(process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://anthropic.helicone.ai',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
      }
    : {}),
});
export default b;
