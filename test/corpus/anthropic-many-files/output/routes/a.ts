import Anthropic from '@anthropic-ai/sdk';
const a = new Anthropic(
  process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://anthropic.helicone.ai',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
      }
    : {},
);
export default a;
