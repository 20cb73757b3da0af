// What other features and the FHIR adapter use of the ledger (see the feature's routes for its API).

export { verifyLedger } from './chain';
export { containerLots, findProduct, listEvents, listProducts } from './repository';
export { LedgerService } from './service';
export { WorklistService as LedgerWorklist } from './worklist';
