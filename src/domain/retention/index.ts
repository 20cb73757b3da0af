// Public API of the retention module (pure: no I/O, no server or web imports).
export * from './floors';
