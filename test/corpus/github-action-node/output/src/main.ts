import * as core from '@actions/core';
import OpenAI from 'openai';

export async function run(): Promise<void> {
  const openai = new OpenAI({
    apiKey: core.getInput('openai-api-key', { required: true }),
    ...(core.getInput('helicone-api-key')
      ? {
          baseURL: 'https://oai.helicone.ai/v1',
          defaultHeaders: { 'Helicone-Auth': `Bearer ${core.getInput('helicone-api-key')}` },
        }
      : {}),
  });
  const model = core.getInput('model');
  const res = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Review' }] });
  core.setOutput('review', res.choices[0]?.message.content ?? '');
}
