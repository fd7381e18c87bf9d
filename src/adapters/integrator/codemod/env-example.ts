/**
 * Kept for the integrator's import: HELICONE_API_KEY is declared by ./declare-key, in every place the repository
 * documents its environment variables (env example files, README and docs lists, Compose files, Helm values).
 */
export { declareHeliconeKey, isKeyPlace } from './declare-key';
