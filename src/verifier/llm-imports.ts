/**
 * The verifier's own, broad detection of LLM SDK use: imports of LLM SDKs and agent frameworks that the client
 * judges do not model. A file that imports one and has no client the verifier could judge is reported
 * `unrecognized`, so traffic the codemod does not know (an agent framework's default client, another provider's
 * SDK) is named in the review PR instead of passing as "0 missed". Kept independent of the codemod's catalog.
 */
import ts from 'typescript';
import type { Tree } from '@lezer/common';
import { children } from '../adapters/integrator/codemod/python/find-python-sites';

/** JS/TS packages (exact names or `prefix/*`) and what they are, for the reason a person reads. */
const JS_MODULES: [RegExp, string][] = [
  [/^@openai\/agents(-[\w-]+)?$/, 'the OpenAI Agents SDK'],
  [/^@google\/(generative-ai|genai)$/, "Google's Gemini SDK"],
  [/^@mistralai\/mistralai$/, "Mistral's SDK"],
  [/^groq-sdk$/, "Groq's SDK"],
  [/^cohere-ai$/, "Cohere's SDK"],
  [/^together-ai$/, "Together's SDK"],
  [/^ollama$/, 'Ollama'],
  [/^replicate$/, "Replicate's SDK"],
  [/^@aws-sdk\/client-bedrock(-runtime)?$/, 'AWS Bedrock'],
  [/^llamaindex$/, 'LlamaIndex'],
  [/^@langchain\/(google-genai|google-vertexai|mistralai|groq|cohere|aws|ollama|community)$/, 'a LangChain provider package'],
  [/^@ai-sdk\/(google|mistral|groq|cohere|amazon-bedrock|togetherai|xai|deepseek|fireworks|perplexity)$/, 'a Vercel AI SDK provider'],
];

/** Python top-level modules (or dotted prefixes). */
const PY_MODULES: [RegExp, string][] = [
  [/^agents(\.|$)/, 'the OpenAI Agents SDK'],
  [/^google\.(generativeai|genai)(\.|$)/, "Google's Gemini SDK"],
  [/^mistralai(\.|$)/, "Mistral's SDK"],
  [/^groq(\.|$)/, "Groq's SDK"],
  [/^cohere(\.|$)/, "Cohere's SDK"],
  [/^together(\.|$)/, "Together's SDK"],
  [/^ollama(\.|$)/, 'Ollama'],
  [/^replicate(\.|$)/, "Replicate's SDK"],
  [/^llama_index(\.|$)/, 'LlamaIndex'],
  [/^(crewai|autogen|autogen_agentchat|dspy|haystack|semantic_kernel|pydantic_ai|smolagents|instructor)(\.|$)/, 'an LLM framework'],
  [/^langchain_(google_genai|google_vertexai|mistralai|groq|cohere|aws|ollama|community)(\.|$)/, 'a LangChain provider package'],
];

export interface LlmImport {
  module: string;
  what: string;
  line: number;
}

export function jsLlmImports(sf: ts.SourceFile): LlmImport[] {
  const out: LlmImport[] = [];
  const add = (module: string, node: ts.Node) => {
    const hit = JS_MODULES.find(([re]) => re.test(module));
    if (hit && !out.some((i) => i.module === module)) out.push({ module, what: hit[1], line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) add(node.moduleSpecifier.text, node);
    else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0].text, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

export function pythonLlmImports(text: string, tree: Tree): LlmImport[] {
  const out: LlmImport[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'ImportStatement') return;
      const parts = children(ref.node);
      const src = (i: number) => text.slice(parts[i]!.from, parts[i]!.to);
      const modules: string[] = [];
      if (parts[0]?.name === 'from') {
        const at = parts.findIndex((p) => p.name === 'import');
        modules.push(parts.slice(1, at).map((_, i) => src(i + 1)).join(''));
      } else {
        // import a.b [as c], d
        let current = '';
        for (let i = 1; i < parts.length; i++) {
          const p = parts[i]!;
          if (p.name === 'VariableName' || p.name === '.') current += src(i);
          else if (p.name === 'as') i++;
          else if (p.name === ',') {
            modules.push(current);
            current = '';
          }
        }
        if (current) modules.push(current);
      }
      for (const module of modules) {
        const hit = PY_MODULES.find(([re]) => re.test(module));
        if (hit && !out.some((i) => i.module === module)) out.push({ module, what: hit[1], line: text.slice(0, ref.from).split('\n').length });
      }
      return false;
    },
  });
  return out;
}
