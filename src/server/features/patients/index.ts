// What other features use of patient records (see the feature's routes for its API).
export { screeningState } from './cleared';
export { countPatients, getPatient, type PatientRow, patientIdsAfter } from './repository';
export { PatientsService } from './service';
