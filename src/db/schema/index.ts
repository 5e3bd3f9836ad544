export * from './workspaces.js';
export * from './programs.js';
export * from './delivery.js';
export * from './conversation.js';
export * from './reminders.js';
export * from './intake.js';
export * from './schedules.js';
