export { CodemodIntegrator, rewriteFile } from './codemod-integrator';
export { findClientSites, parse } from './find-client-sites';
