export { CodemodIntegrator, rewriteFile, scanClientSites } from './codemod-integrator';
export { findClientSites, parse } from './find-client-sites';
