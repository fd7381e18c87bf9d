import { OpenAI } from 'openai';

export class Summarizer {
  private client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
}
