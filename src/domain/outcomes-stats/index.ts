// Public API of the outcomes statistics (issue #21): pure, cited, no I/O.
export * from './course';
export * from './cube';
export * from './kaplan-meier';
export * from './method';
export * from './quantiles';
export * from './wilson';
