import { ChatAnthropic } from "@langchain/anthropic"

export const claude = new ChatAnthropic({
  model: "claude-3-5-sonnet-latest",
  temperature: 0,
  ...(process.env.HELICONE_API_KEY
    ? {
        clientOptions: {
          baseURL: "https://anthropic.helicone.ai",
          defaultHeaders: {
            "Helicone-Auth": `Bearer ${process.env.HELICONE_API_KEY}`
          }
        }
      }
    : {})
})
