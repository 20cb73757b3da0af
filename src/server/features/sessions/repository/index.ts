/** All SQL about dosing sessions and their entries. */
export * from './entries';
export * from './sessions';
export * from './worklist';
