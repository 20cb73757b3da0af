// What other features and the FHIR adapter use of measures (see the feature's routes for its API).
export { DefinitionCache, listCatalogue } from './catalogue';
export { presentInstrument, questionnaireResponseOf, scoreObservationOf } from './present';
export {
  hasOpenSafetyTask,
  importedInstrumentCount,
  listImported,
  openAssignmentsQuery,
  openSafetyTasksQuery,
  responsesWhere,
  scoresWhere,
  withPatientName,
} from './repository';
export { recordSessionRating, type SessionRatingInput } from './session-rating';
export { patientTrends } from './trends';
