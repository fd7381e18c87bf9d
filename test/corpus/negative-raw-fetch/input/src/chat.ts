export async function chat(q: string) {
  const r = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: JSON.stringify({ q }) });
  return r.json();
}
