const OpenAI = require('openai');

module.exports = function run(fn) {
  return fn(
    new OpenAI(
      process.env.HELICONE_API_KEY
        ? {
            baseURL: 'https://oai.helicone.ai/v1',
            defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
          }
        : {},
    ),
  );
};
