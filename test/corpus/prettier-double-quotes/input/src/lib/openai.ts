import OpenAI from "openai"

const model = process.env.MODEL ?? "gpt-4o-mini"

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY })

export async function suggest(ingredients: string[]) {
  const res = await openai.chat.completions.create({
    model,
    messages: [{ role: "user", content: ingredients.join(", ") }]
  })
  return res.choices[0]?.message.content
}
