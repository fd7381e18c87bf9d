import Anthropic from '@anthropic-ai/sdk';

// Reads ANTHROPIC_API_KEY from the environment.
const anthropic = new Anthropic();

export async function askClaude(question: string): Promise<string> {
  const message = await anthropic.messages.create({
    model: 'claude-3-5-haiku-latest',
    max_tokens: 512,
    messages: [{ role: 'user', content: question }],
  });
  const block = message.content[0];
  return block?.type === 'text' ? block.text : '';
}
