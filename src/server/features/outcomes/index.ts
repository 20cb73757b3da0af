// What other features use of outcomes (see the feature's routes for its API).
export { rebuildCourseOutcomes, refreshCourseOutcomes } from './course-summary-repository';
export { refreshPatientOutcome } from './repository';
