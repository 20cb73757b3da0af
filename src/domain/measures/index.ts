// Public API of the measure scheduling and trend module (pure: no I/O, no server or web imports).

export * from './outcomes';
export * from './schedule';
export * from './trend';
