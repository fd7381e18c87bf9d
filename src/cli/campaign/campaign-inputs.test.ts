import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { toInputs } from './campaign-inputs';

describe('campaign inputs', () => {
  const github = loadConfig({ GITHUB_TOKEN: 'ghp_x' }, '/tmp');

  it('gives each repository one fixed integration id and drops a repository listed twice', () => {
    const inputs = toInputs(
      ['1\thttps://github.com/Acme/Chat-App', '2\thttps://github.com/acme/chat-app.git', '3\thttps://github.com/acme/other'],
      github,
    );
    expect(inputs.map((i) => i.integrationId)).toEqual(['acme-chat-app', 'acme-other']);
    expect(inputs[0]).toMatchObject({ repoOwner: 'Acme', repoName: 'Chat-App', repoUrl: 'https://github.com/Acme/Chat-App' });
  });

  it('refuses the whole list, naming every bad line, before anything starts', () => {
    expect(() => toInputs(['1\thttps://github.com/acme/ok', '4\tnot a url', '#2\thttps://gitlab.com/a/b'], github)).toThrow(
      /Nothing started; fix these repositories first:\n {2}line 4: .*\n {2}#2: /,
    );
  });
});
