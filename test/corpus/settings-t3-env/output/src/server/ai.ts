import { createOpenAI } from "@ai-sdk/openai";

import { env } from "~/env";

export const openai = createOpenAI({
  apiKey: env.OPENAI_API_KEY,
  ...(env.HELICONE_API_KEY
    ? {
        baseURL: "https://oai.helicone.ai/v1",
        headers: { "Helicone-Auth": `Bearer ${env.HELICONE_API_KEY}` },
      }
    : {}),
});
