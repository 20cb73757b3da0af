export * from './due';
export * from './entries';
export * from './prompts';
