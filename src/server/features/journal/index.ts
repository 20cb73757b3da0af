// What the rest of the server may use of the integration journal (issue #17): its routes, and the shared entries
// the FHIR API and the staff export read (never a private entry), and a patient's own entries for their export.

export {
  type EntryRow as JournalEntryRow,
  entriesOfPatient,
  sharedEntriesWhere,
  sharingOfEntries,
} from './repository';
export { registerJournalRoutes } from './routes';
