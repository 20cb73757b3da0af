/** Billing documents (issue #22): identifiers, the superbill, the 837P claim file and the charges CSV. Pure. */
export * from './csv';
export * from './identifiers';
export * from './superbill';
export * from './x12-check';
export * from './x837p';
