import { sql } from 'kysely';
import type { Executor } from '../../db/dialect';
import { atHomeSessionCount } from '../../features/athome';
import { importedInstrumentCount } from '../../features/measures';
import { entryTallyColumns, entryTallyFrom } from '../../features/sessions';
import { PatientFirstRead } from '../../platform/first-read';
import { type AccessCheckRow, accessCheckQuery } from '../../platform/repository/patients';
import type { RowWithFacts } from '../search/vocabulary';

/**
 * What an Observation search of one patient's record reads with its access check (issue #23), in the check's
 * own statement: the tally of the vital-sign entries (a record searched again unchanged is answered from what
 * it rendered to: care.ts), whether the patient has any at-home session (most have none: no home readings to
 * read) and whether the clinic has imported any instrument (none: only the shipped ones can match a `code`). On
 * PostgreSQL the search went from five round trips to two (this one and the session's), and to one where the
 * route folds this read into the session's statement (platform/first-read.ts).
 */
export const observationFacts = new PatientFirstRead<[], RowWithFacts>({
  query: (db: Executor, patientId: string) => {
    const p = sql.ref<string>('p.id');
    return accessCheckQuery(db, patientId).select([
      ...entryTallyColumns(db, p, 'vitals', 'vitals_'),
      atHomeSessionCount(db, p).as('at_home_sessions'),
      importedInstrumentCount(db).as('imported_instruments'),
    ]);
  },
  decode: (row) => {
    const { vitals_n, vitals_latest, at_home_sessions, imported_instruments, ...access } = row;
    return {
      ...(access as unknown as AccessCheckRow),
      facts: {
        vitals: entryTallyFrom(vitals_n as never, vitals_latest as never),
        atHomeSessions: Number(at_home_sessions ?? 0),
        importedInstruments: Number(imported_instruments ?? 0),
      },
    };
  },
  permission: 'clinical.read',
});
