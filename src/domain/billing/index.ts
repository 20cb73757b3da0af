export * from './codes';
export * from './lines';
export * from './proposal';
export * from './time-rules';
export * from './validate';
