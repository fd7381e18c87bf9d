import { ChatAnthropic } from "@langchain/anthropic"

export const claude = new ChatAnthropic({
  model: "claude-3-5-sonnet-latest",
  temperature: 0
})
