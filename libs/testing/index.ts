export * from './actors.js';
export * from './workflow-specification.js';
