import { createServer } from 'node:http';
import { env } from './env.js';
import { openai } from './llm/openai.js';

createServer(async (_req, res) => {
  const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  res.end(r.choices[0]?.message.content ?? '');
}).listen(env.PORT);
