/** Controlled-substance ledger tables (filled in by the ledger feature). */
export interface LedgerTables {}
