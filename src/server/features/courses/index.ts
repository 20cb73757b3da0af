// What other features, the FHIR adapter and app.ts may use of courses (the sessions feature, its
// partner in a course of care, imports its files directly).
export { evaluateReadiness, type Readiness, readinessForVisit } from './readiness';
export { coursesWhere, draftNotesQuery, notesOfCourses, notesWhere, signedNotesWhere } from './repository';
export { CoursesService } from './service';
export { ensureCourseTemplates } from './templates';
