export { ClaudeCodeIntegrator, type ClaudeCodeSettings } from './claude-code-integrator';
export { AgentLimitError, AgentRunError } from './run-agent';
