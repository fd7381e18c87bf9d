const OpenAI = require('openai');

module.exports = function run(fn) {
  return fn(new OpenAI());
};
