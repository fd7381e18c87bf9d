import { askClaude } from './anthropic-client';
import { askOpenAI } from './openai-client';

async function main() {
  const question = process.argv.slice(2).join(' ') || 'What is observability, in one sentence?';
  const [gpt, claude] = await Promise.all([askOpenAI(question), askClaude(question)]);
  console.log(`OpenAI:    ${gpt}`);
  console.log(`Anthropic: ${claude}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
