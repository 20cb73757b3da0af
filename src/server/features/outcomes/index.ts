// What other features use of outcomes (see the feature's routes for its API).
export { refreshPatientOutcome } from './repository';
