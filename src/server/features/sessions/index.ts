// What other features, the FHIR adapter and app.ts may use of sessions (the courses feature, its
// partner in a course of care, imports its files directly).
export { monitorSessions } from './monitoring';
export { type PdfSection, renderPdf } from './pdf';
export {
  correctionsIn,
  type EntryFilter,
  type EntryOutline,
  type EntryTally,
  entryTallyColumns,
  entryTallyFrom,
  entryTallyOf,
  patientEntryOutlines,
  patientEntryTally,
  remsDueQuery,
  sessionEntries,
  sessionEntriesWithRoute,
  sessionEntryRecords,
  sessionsOfCourses,
  sessionsUnderWayQuery,
  sessionsWhere,
  signedSessionsWhere,
  unsignedSessionsQuery,
} from './repository';
