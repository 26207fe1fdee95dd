export * from './token-issuer.js';
export * from './token-verifier.js';
export * from './rate-limiter.js';
export * from './personal-data.js';
export * from './dealer-directory.js';
export * from './dealer-directory-file.js';
