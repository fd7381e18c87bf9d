import { describe, expect, it } from 'vitest';
import { render, type PyExpr } from './python-layout';

// Each expectation is what black 26 prints for the same code (as an argument of a multi-line call at indent 4).
const guard = 'os.environ.get("K")';
const LAY = { unit: '    ', max: 88 };
const spread = (then: PyExpr): PyExpr => ({ paren: { cond: [then, guard, '{}'] } });

describe('render (black layout of generated code)', () => {
  it('keeps a fragment that fits in 88 columns on one line', () => {
    expect(render('**', spread({ dict: [{ key: '"base_url"', value: '"https://oai.helicone.ai/v1"' }] }), ',', '    ', LAY)).toBe(
      '**({"base_url": "https://oai.helicone.ai/v1"} if os.environ.get("K") else {}),',
    );
  });

  it('moves a conditional that fits at the inner indent onto one line of its own', () => {
    const url = `"https://oai.helicone.ai/v1/${'a'.repeat(6)}"`;
    expect(render('**', spread({ dict: [{ key: '"base_url"', value: url }] }), ',', '    ', LAY)).toBe(
      `**(\n        {"base_url": ${url}} if os.environ.get("K") else {}\n    ),`,
    );
  });

  it('splits a longer conditional before if and else, and a long dict one entry per line', () => {
    const long = '"' + 'x'.repeat(70) + '"';
    const e = spread({
      dict: [
        { key: '"a"', value: long },
        { key: '"b"', value: { dict: [{ key: '"c"', value: long }] } },
      ],
    });
    expect(render('**', e, ',', '    ', LAY)).toBe(
      `**(\n        {\n            "a": ${long},\n            "b": {\n                "c": ${long}\n            },\n        }\n        if os.environ.get("K")\n        else {}\n    ),`,
    );
  });

  it('parenthesizes a long keyword conditional', () => {
    const e: PyExpr = { cond: ['"https://groq.helicone.ai/openai/v1"', guard, '"https://api.groq.com/openai/v1"'] };
    expect(render('base_url=', e, ',', '    ', LAY)).toBe(
      'base_url=(\n        "https://groq.helicone.ai/openai/v1"\n        if os.environ.get("K")\n        else "https://api.groq.com/openai/v1"\n    ),',
    );
  });

  it('lays a call out as black does: its arguments on one line when they fit there, else one per line, a lone one without a comma', () => {
    // Each expectation is black's output; the f-string makes black add the comma after `**(...)` (Python 3.6+).
    const spreadArg = (url: string) => ({ prefix: '**', expr: spread({ dict: [{ key: '"base_url"', value: url }] }) });
    const url = 'f"https://oai.helicone.ai/v1/{x}"';
    expect(
      render('e = ', { call: 'OpenAI', args: [{ prefix: 'timeout=', expr: '30' }, spreadArg(url)] }, '', '', { unit: '    ', max: 100 }),
    ).toBe(`e = OpenAI(\n    timeout=30, **({"base_url": ${url}} if os.environ.get("K") else {})\n)`);
    expect(render('e = ', { call: 'OpenAI', args: [{ prefix: 'timeout=', expr: '30' }, spreadArg(url)] }, '', '', LAY)).toBe(
      `e = OpenAI(\n    timeout=30,\n    **({"base_url": ${url}} if os.environ.get("K") else {}),\n)`,
    );
    expect(render('e = ', { call: 'OpenAI', args: [spreadArg(`"${'x'.repeat(60)}"`)] }, '', '', LAY)).toBe(
      `e = OpenAI(\n    **(\n        {"base_url": "${'x'.repeat(60)}"}\n        if os.environ.get("K")\n        else {}\n    )\n)`,
    );
  });
});
