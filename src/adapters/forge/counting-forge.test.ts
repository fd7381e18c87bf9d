import { describe, expect, it } from 'vitest';
import { countingForge, measureForgeUse, recordForgeRequest } from './counting-forge';
import type { Forge, RepoLocator } from './forge';

/** A forge that sends two requests per look-up and keeps state in a private field (so `this` must be the forge). */
class TwoRequestForge {
  readonly kind = 'local' as const;
  #looks = 0;
  async getRepository(repo: RepoLocator) {
    recordForgeRequest(`GET /repos/${repo.owner}/${repo.name}`);
    await new Promise((r) => setTimeout(r, 5));
    recordForgeRequest(`GET /repos/${repo.owner}/${repo.name}/branches`);
    this.#looks++;
    return {
      coords: { owner: repo.owner, name: repo.name, cloneUrl: repo.url, webUrl: repo.url },
      defaultBranch: 'main',
      headSha: 'a'.repeat(40),
    };
  }
  /** Calls another method on itself: counted as the one call made through the decorator. */
  async ensureFork(upstream: RepoLocator) {
    await this.getRepository(upstream);
    return this.getRepository({ ...upstream, owner: 'bot' });
  }
  get looks() {
    return this.#looks;
  }
}

const make = () => new TwoRequestForge() as unknown as Forge & TwoRequestForge;
const repo = (name: string) => ({ owner: 'acme', name, url: `/src/${name}` });

describe('countingForge', () => {
  it('counts calls and requests per scope, even for concurrent scopes over one forge', async () => {
    const forge = countingForge(make());
    const [a, b] = await Promise.all([
      measureForgeUse(async () => {
        await forge.getRepository(repo('a'));
        return forge.ensureFork(repo('a'));
      }),
      measureForgeUse(() => forge.getRepository(repo('b'))),
    ]);
    expect(a.result.coords.owner).toBe('bot');
    expect(a.use).toEqual({
      calls: ['getRepository', 'ensureFork'],
      requests: [
        'GET /repos/acme/a',
        'GET /repos/acme/a/branches',
        'GET /repos/acme/a',
        'GET /repos/acme/a/branches',
        'GET /repos/bot/a',
        'GET /repos/bot/a/branches',
      ],
    });
    expect(b.use).toEqual({ calls: ['getRepository'], requests: ['GET /repos/acme/b', 'GET /repos/acme/b/branches'] });
    expect(forge.looks).toBe(4);
  });

  it('passes everything else through: properties, missing optional methods, instanceof', () => {
    const forge = countingForge(make());
    expect(forge.kind).toBe('local');
    expect(forge.botIdentity).toBeUndefined();
    expect(forge).toBeInstanceOf(TwoRequestForge);
  });

  it('counts a call once when wrapped twice, and a nested scope only in that scope', async () => {
    const forge = countingForge(countingForge(make()));
    const outer = await measureForgeUse(async () => {
      await forge.getRepository(repo('x'));
      const inner = await measureForgeUse(() => forge.getRepository(repo('y')));
      expect(inner.use.calls).toEqual(['getRepository']);
      expect(inner.use.requests).toHaveLength(2);
    });
    expect(outer.use.calls).toEqual(['getRepository']);
    expect(outer.use.requests).toEqual(['GET /repos/acme/x', 'GET /repos/acme/x/branches']);
  });

  it('works outside any scope (a CLI or the dashboard): nothing is counted, nothing fails', async () => {
    const forge = countingForge(make());
    await expect(forge.getRepository(repo('z'))).resolves.toMatchObject({ defaultBranch: 'main' });
  });
});
