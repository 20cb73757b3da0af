import { sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import { atHomeSessionCount } from '../../features/athome';
import { importedInstrumentCount } from '../../features/measures';
import { entryTallyColumns, entryTallyFrom } from '../../features/sessions';
import { accessCheckQuery } from '../../platform/repository/patients';
import type { RowWithFacts } from '../search/vocabulary';

/**
 * What an Observation search of one patient's record reads with its access check (issue #23), in the check's
 * own statement: the tally of the vital-sign entries (a record searched again unchanged is answered from what
 * it rendered to: care.ts), whether the patient has any at-home session (most have none: no home readings to
 * read) and whether the clinic has imported any instrument (none: only the shipped ones can match a `code`). On
 * PostgreSQL the search went from five round trips to two (this one and the session's).
 */
const observationFactsRow = compiledOnce((db: Executor, patientId: string) => {
  const p = sql.ref<string>('p.id');
  return accessCheckQuery(db, patientId).select([
    ...entryTallyColumns(db, p, 'vitals', 'vitals_'),
    atHomeSessionCount(db, p).as('at_home_sessions'),
    importedInstrumentCount(db).as('imported_instruments'),
  ]);
});

export async function observationFacts(db: Executor, patientId: string): Promise<RowWithFacts | undefined> {
  const [row] = await observationFactsRow(db, patientId);
  if (!row) return undefined;
  const { vitals_n, vitals_latest, at_home_sessions, imported_instruments, ...access } = row;
  return {
    ...access,
    facts: {
      vitals: entryTallyFrom(vitals_n, vitals_latest),
      atHomeSessions: Number(at_home_sessions ?? 0),
      importedInstruments: Number(imported_instruments ?? 0),
    },
  };
}
