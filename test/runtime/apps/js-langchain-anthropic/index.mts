import { ChatAnthropic } from '@langchain/anthropic';

const model = new ChatAnthropic({ model: 'claude-haiku-4-5', maxTokens: 64 });

const reply = await model.invoke('Say ok');
console.log(reply.content);
