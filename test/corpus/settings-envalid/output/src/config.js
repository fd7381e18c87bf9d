const { cleanEnv, str, port } = require('envalid');

module.exports = cleanEnv(process.env, {
  SLACK_BOT_TOKEN: str(),
  SLACK_SIGNING_SECRET: str(),
  OPENAI_API_KEY: str({ desc: 'Used to summarize threads' }),
  PORT: port({ default: 3000 }),
  HELICONE_API_KEY: str({ default: undefined }),
});
