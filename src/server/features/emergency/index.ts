// What other features use of emergency access (see the feature's routes for its API).
export { requireCareTeamIfConfidential } from './confidential';
export { emergencyWindowsSince, endGrantsOnDesignationRemoved } from './repository';
