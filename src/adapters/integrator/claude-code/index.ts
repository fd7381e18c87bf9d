export { ClaudeCodeIntegrator, DEFAULT_AGENT_MODEL, type ClaudeCodeSettings } from './claude-code-integrator';
export { AgentApiError, AgentLimitError, AgentRunError } from './run-agent';
