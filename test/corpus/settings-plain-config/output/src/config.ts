export interface Config {
  port: number;
  openaiApiKey: string;
  anthropicApiKey?: string;
  digestModel: string;
  heliconeApiKey?: string;
}

const config: Config = {
  port: Number(process.env.PORT ?? 8080),
  openaiApiKey: process.env.OPENAI_API_KEY ?? '',
  anthropicApiKey: process.env.ANTHROPIC_API_KEY,
  digestModel: process.env.DIGEST_MODEL || 'gpt-4o-mini',
  heliconeApiKey: process.env.HELICONE_API_KEY,
};

export default config;
