export * from './anchor-file.js';
export * from './anchor-writer.js';
export * from './log-chain.js';
