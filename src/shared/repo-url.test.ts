import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRepoUrl, RepoUrlError } from './repo-url';

describe('parseRepoUrl', () => {
  it.each([
    'https://github.com/acme/widgets',
    'https://github.com/acme/widgets.git',
    'https://github.com/acme/widgets/',
    'https://github.com/acme/widgets/tree/main/src',
    'https://www.github.com/acme/widgets',
    'git@github.com:acme/widgets.git',
    '  https://github.com/acme/widgets  ',
  ])('reads %s as acme/widgets on GitHub', (url) => {
    expect(parseRepoUrl(url)).toEqual({ kind: 'github', owner: 'acme', name: 'widgets', url: 'https://github.com/acme/widgets' });
  });

  it('accepts a configured GitHub Enterprise host', () => {
    expect(parseRepoUrl('https://git.corp.example/team/app', { githubUrl: 'https://git.corp.example' })).toMatchObject({
      kind: 'github',
      owner: 'team',
      name: 'app',
    });
  });

  it.each([
    ['https://gitlab.com/acme/widgets', /not on github.com/],
    ['https://github.com/acme', /does not name a repository/],
    ['ftp://github.com/acme/widgets', /not supported/],
    ['git@gitlab.com:acme/widgets.git', /on host gitlab.com/],
    ['https://github.com/-bad-/widgets', /invalid owner/],
    ['', /No repository given/],
    ['ht!tp://example.com/x', /not a valid URL \(its scheme is malformed\)/],
  ])('refuses %s with a message that says what was expected', (url, why) => {
    expect(() => parseRepoUrl(url)).toThrow(RepoUrlError);
    expect(() => parseRepoUrl(url)).toThrow(why);
    expect(() => parseRepoUrl(url)).toThrow(/expected a GitHub repository URL/);
  });

  it('treats paths and file:// URLs as local repositories', () => {
    expect(parseRepoUrl('./examples/sample-app')).toMatchObject({
      kind: 'local',
      owner: 'local',
      name: 'sample-app',
      path: path.resolve('examples/sample-app'),
    });
    expect(parseRepoUrl('file:///srv/git/my%20app.git')).toMatchObject({ kind: 'local', name: 'my-app', path: '/srv/git/my app.git' });
  });
});
