export * from './workspaces.js';
export * from './programs.js';
export * from './delivery.js';
export * from './conversation.js';
