/** The controlled-substance ledger API (DOMAIN §6), one file per part; see ledger-common.ts for units. */
export * from './ledger-common';
export * from './ledger-counts';
export * from './ledger-movements';
export * from './ledger-reading';
export * from './ledger-reference';
