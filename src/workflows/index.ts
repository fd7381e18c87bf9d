// Entry point the worker bundles: export every workflow and nothing with side effects.
export { repositoryIntegrationWorkflow } from './repository-integration.workflow';
export { discoveryWorkflow } from './discovery.workflow';
export { campaignWorkflow } from './campaign.workflow';
export { pullRequestTrackerWorkflow } from './pull-request-tracker.workflow';
export { neverAgainWorkflow } from './never-again.workflow';
export { askFirstWorkflow } from './ask-first.workflow';
