import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits';
import { parse } from './find-client-sites';
import { actionKeyRead, declareActionInput, documentInputInReadme, inputEnvName, type ActionInfo } from './github-action';

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const node: ActionInfo = { file: 'action.yml', using: 'node20', kind: 'node', input: 'helicone-api-key', main: 'dist/index.js' };

describe('a GitHub Action gets the key as an optional input', () => {
  it('adds the input after the last one, in the file’s indentation and quoting', () => {
    const text = lines(
      "name: 'Reviewer'",
      'inputs:',
      '    openai-api-key:',
      '        description: "OpenAI API key"',
      '        required: true',
      '    model:',
      '        description: "Model"',
      '        default: "gpt-4o"',
      '        # keep this comment',
      'runs:',
      "    using: 'node20'",
      "    main: 'dist/index.js'",
    );
    expect(declareActionInput(text, node)).toBe(
      text.replace(
        '        default: "gpt-4o"\n',
        '        default: "gpt-4o"\n    helicone-api-key:\n        description: "Helicone API key (optional): when set, LLM requests are logged to Helicone"\n        required: false\n',
      ),
    );
    // Plain descriptions: ours needs quotes (it contains ": ").
    const plain = declareActionInput(
      lines('inputs:', '  token:', '    description: GitHub token', '    required: false', 'runs:', '  using: node20', '  main: index.js'),
      node,
    )!;
    expect(plain).toContain(
      "  helicone-api-key:\n    description: 'Helicone API key (optional): when set, LLM requests are logged to Helicone'\n    required: false\nruns:",
    );
    // Flow maps stay flow maps; an input already there is not added twice.
    const flow = declareActionInput(
      lines('inputs:', '  token: { description: "Token", required: true }', 'runs: { using: node20, main: index.js }'),
      node,
    )!;
    expect(flow).toContain(
      '\n  helicone-api-key: { description: "Helicone API key (optional): when set, LLM requests are logged to Helicone", required: false }\nruns:',
    );
    expect(declareActionInput(flow, node)).toBeUndefined();
  });

  it('an action without inputs gets an `inputs:` section before `runs:`', () => {
    expect(declareActionInput(lines('name: x', 'description: y', 'runs:', '  using: node20', '  main: index.js'), node)).toBe(
      lines(
        'name: x',
        'description: y',
        'inputs:',
        '  helicone-api-key:',
        "    description: 'Helicone API key (optional): when set, LLM requests are logged to Helicone'",
        '    required: false',
        'runs:',
        '  using: node20',
        '  main: index.js',
      ),
    );
  });

  it('composite: passes HELICONE_API_KEY to the steps that run the changed code; Docker: in runs.env', () => {
    const composite: ActionInfo = { file: 'action.yml', using: 'composite', kind: 'composite', input: 'helicone_api_key' };
    const text = lines(
      'inputs:',
      '  api_key:',
      '    description: key',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: pip install -r ${{ github.action_path }}/requirements.txt',
      '      shell: bash',
      '    - run: python ${{ github.action_path }}/review.py',
      '      shell: bash',
      '      env:',
      '        API_KEY: ${{ inputs.api_key }}',
      '    - name: Report',
      '      shell: bash',
      '      run: |',
      '        node report.js',
      '        echo done',
    );
    expect(declareActionInput(text, composite, ['review.py', 'report.js'])).toBe(
      text
        .replace(
          '        API_KEY: ${{ inputs.api_key }}\n',
          '        API_KEY: ${{ inputs.api_key }}\n        HELICONE_API_KEY: ${{ inputs.helicone_api_key }}\n',
        )
        .replace('        echo done\n', '        echo done\n      env:\n        HELICONE_API_KEY: ${{ inputs.helicone_api_key }}\n')
        .replace(
          '    description: key\n',
          "    description: key\n  helicone_api_key:\n    description: 'Helicone API key (optional): when set, LLM requests are logged to Helicone'\n    required: false\n",
        ),
    );
    const docker: ActionInfo = { file: 'action.yml', using: 'docker', kind: 'docker', input: 'helicone-api-key' };
    expect(
      declareActionInput(lines('inputs:', '  key:', '    description: k', 'runs:', '  using: docker', '  image: Dockerfile'), docker),
    ).toContain('  image: Dockerfile\n  env:\n    HELICONE_API_KEY: ${{ inputs.helicone-api-key }}\n');
  });

  it('reads the input with @actions/core when the file imports it, else from the runner’s INPUT_ variable', () => {
    const read = (text: string) => {
      const sf = parse('src/main.ts', text);
      const r = actionKeyRead(sf, node, "'");
      return { expr: r.expr, text: applyEdits(text, r.edits) };
    };
    expect(read("import * as core from '@actions/core';\n").expr).toBe("core.getInput('helicone-api-key')");
    expect(read("import { getInput as input } from '@actions/core';\n").expr).toBe("input('helicone-api-key')");
    expect(read("import { setFailed } from '@actions/core';\n")).toEqual({
      expr: "getInput('helicone-api-key')",
      text: "import { setFailed, getInput } from '@actions/core';\n",
    });
    expect(read("const core = require('@actions/core');\n").expr).toBe("core.getInput('helicone-api-key')");
    expect(read("import OpenAI from 'openai';\n").expr).toBe("process.env['INPUT_HELICONE-API-KEY']");
    expect(inputEnvName('helicone api key')).toBe('INPUT_HELICONE_API_KEY');
  });

  it('documents the input in the README’s inputs table or list, in the format of its rows', () => {
    const action = lines(
      'inputs:',
      '  token:',
      '    required: true',
      '  model:',
      '    required: false',
      '  helicone-api-key:',
      '    required: false',
    );
    const table = lines(
      '## Inputs',
      '',
      '| Input | Description | Required | Default |',
      '|---|---|---|---|',
      '| `token` | GitHub token | Yes | `${{ github.token }}` |',
      '| `model` | Model. | No | `gpt-4o` |',
      '',
      'More.',
    );
    expect(documentInputInReadme(table, action, node)).toBe(
      table.replace(
        '| No | `gpt-4o` |\n',
        '| No | `gpt-4o` |\n| `helicone-api-key` | Helicone API key: when set, LLM requests are logged to Helicone. | No | |\n',
      ),
    );
    const list = lines('- `token` (required): GitHub token', '- `model`: the model');
    expect(documentInputInReadme(list, action, node)).toBe(
      `${list}- \`helicone-api-key\`: Helicone API key (optional): when set, LLM requests are logged to Helicone\n`,
    );
    expect(documentInputInReadme('# Title\n\nNo inputs documented.\n', action, node)).toBeUndefined();
  });
});
