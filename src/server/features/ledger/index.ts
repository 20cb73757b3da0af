// What other features use of the controlled-substance ledger (see the feature's routes for its API).
export { LedgerService } from './service';
export { WorklistService as LedgerWorklist } from './worklist';
