/**
 * Workflow ids are part of the contract: a fixed id per repository is what makes Temporal refuse a second
 * integration of the same repository (campaigns use `owner-name` as the integration id).
 */
export function workflowIdFor(integrationId: string): string {
  return `integration-${integrationId}`;
}

/** The integration id a campaign gives a repository: one per repository, lower case. */
export function campaignIntegrationId(owner: string, name: string): string {
  return `${owner}-${name}`.toLowerCase();
}
