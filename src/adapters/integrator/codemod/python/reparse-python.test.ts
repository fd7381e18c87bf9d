import { describe, expect, it } from 'vitest';
import { applyEdits } from '../apply-edits';
import { parsePython, pythonParseErrors, reparsePython } from './find-python-sites';

describe('reparsePython', () => {
  it('gives the tree a full parse gives, after insertions, replacements and deletions', () => {
    const text = 'import sys\n\nclass A:\n    def f(self):\n        return OpenAI(api_key=k)\n\nx = [1, 2]\n';
    const edits = [
      { start: 0, end: 0, text: 'import os\n' },
      {
        start: text.indexOf('api_key=k') + 9,
        end: text.indexOf('api_key=k') + 9,
        text: ', **({"base_url": "u"} if os.environ.get("K") else {})',
      },
      { start: text.indexOf('[1, 2]'), end: text.indexOf('[1, 2]') + 6, text: '(\n    1,\n)' },
    ];
    const out = applyEdits(text, edits);
    const incremental = reparsePython(parsePython(text), edits, out);
    expect(incremental.toString()).toBe(parsePython(out).toString());
    expect(incremental.length).toBe(out.length);
    // A deletion that breaks the syntax shows as errors, as in a full parse.
    const broken = [{ start: out.indexOf('(\n    1'), end: out.indexOf('(\n    1') + 1, text: '' }];
    const brokenText = applyEdits(out, broken);
    expect(pythonParseErrors(reparsePython(incremental, broken, brokenText))).toBe(pythonParseErrors(parsePython(brokenText)));
    expect(pythonParseErrors(parsePython(brokenText))).toBeGreaterThan(0);
  });
});
