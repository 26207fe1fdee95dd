export * from './token-issuer.js';
export * from './token-verifier.js';
