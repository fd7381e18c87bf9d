const { App } = require('@slack/bolt');
const config = require('./config');
const { summarize } = require('./summarize');

const app = new App({ token: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET });
app.command('/summarize', async ({ command, ack, respond }) => {
  await ack();
  await respond(await summarize(command.text));
});
app.start(config.PORT);
