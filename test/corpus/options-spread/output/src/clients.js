const Anthropic = require('@anthropic-ai/sdk');

const defaults = {
  maxRetries: 3,
  timeout: 60_000,
};

// Harmless spread: nothing in `defaults` decides where requests go.
const claude = new Anthropic({
  ...defaults,
  apiKey: process.env.ANTHROPIC_API_KEY,
  ...(process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://anthropic.helicone.ai',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
      }
    : {}),
});

// Unknown options: the caller may already point them somewhere.
function makeClient(options) {
  return new Anthropic({ ...options });
}

module.exports = { claude, makeClient };
