/**
 * What a campaign asks before it starts an integration: is the repository, or its owner, on the never-again list
 * (src/shared/never-again.ts)? Read-only, by workflow id, so an opt-out made while the campaign runs (another PR of
 * the same owner refused) is seen by its next start.
 */
import { Context } from '@temporalio/activity';
import { lookUpNeverAgain } from '../../adapters/temporal/never-again-list';
import { describeNeverAgain } from '../../shared/never-again';

export function campaignNeverAgainActivity() {
  /** `owner/name` (lower case) → why it stays away, for the repositories on the list. */
  return async function campaignNeverAgain(repos: string[]): Promise<Record<string, string>> {
    const parsed = repos.flatMap((r) => {
      const [owner, name] = r.split('/');
      return owner && name ? [{ owner, name }] : [];
    });
    const found = await lookUpNeverAgain(Context.current().client, parsed);
    return Object.fromEntries([...found].map(([repo, entry]) => [repo, describeNeverAgain(entry)]));
  };
}
