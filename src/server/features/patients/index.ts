// What other features and the FHIR adapter use of patient records (see the feature's routes for its API).
export { screeningState } from './cleared';
export {
  countPatients,
  diagnosisIdsOf,
  getPatient,
  listRowsWhere,
  type PatientListTable,
  type PatientRow,
  patientIdsAfter,
  patientsWithTeams,
  patientWithTeamRead,
} from './repository';
export { PatientsService } from './service';
