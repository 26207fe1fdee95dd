export * from './attachment-blob-store.js';
export * from './attachment-errors.js';
export * from './case-attachments.js';
export * from './file-blob-store.js';
export * from './postgres-blob-store.js';
export * from './sealed-content.js';
