import type { Executor } from '../../db/dialect';
import type { SessionExperienceTable } from '../../db/schema';
import { refreshCourseOutcomes } from '../outcomes';

/** Every query of in-session experience ratings (issue #21): the rated sessions and the session_experience rows. */
export type ExperienceRow = SessionExperienceTable;

/** What a rating needs of a clinic dosing session; another patient's session answers like a missing one. */
export const dosingSession = (db: Executor, patientId: string, id: string) =>
  db
    .selectFrom('dosing_sessions')
    .select(['id', 'patient_id', 'course_id', 'route', 'setting', 'first_dose_at'])
    .where('id', '=', id)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

/** What a rating needs of an at-home session (always sublingual, at home). */
export const atHomeSession = (db: Executor, patientId: string, id: string) =>
  db
    .selectFrom('at_home_sessions')
    .select(['id', 'patient_id', 'course_id', 'dose_taken_at'])
    .where('id', '=', id)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();

export type SessionLink = { dosingSessionId: string } | { atHomeSessionId: string };

const column = (link: SessionLink) =>
  'dosingSessionId' in link
    ? ({ col: 'dosing_session_id', id: link.dosingSessionId } as const)
    : ({ col: 'at_home_session_id', id: link.atHomeSessionId } as const);

/** The session's current ratings with the answers and who entered them, in instrument order of rating. */
export const ratingsOf = (db: Executor, link: SessionLink) => {
  const { col, id } = column(link);
  return db
    .selectFrom('session_experience as x')
    .innerJoin('measure_responses as r', 'r.id', 'x.response_id')
    .leftJoin('users as u', 'u.id', 'r.entered_by')
    .select([
      'x.id',
      'x.instrument_id',
      'x.response_id',
      'x.total',
      'x.subscales',
      'x.rated_at',
      'r.answers',
      'r.mode',
      'r.amended_from',
      'u.name as entered_by_name',
    ])
    .where(`x.${col}`, '=', id)
    .orderBy('x.rated_at')
    .orderBy('x.instrument_id')
    .execute();
};

/** The session's current rating row on one instrument, if any. */
export const ratingOn = (db: Executor, link: SessionLink, instrumentId: string) => {
  const { col, id } = column(link);
  return db
    .selectFrom('session_experience')
    .selectAll()
    .where(col, '=', id)
    .where('instrument_id', '=', instrumentId)
    .executeTakeFirst();
};

/** Writes the session's summary row for the instrument, replacing the one an amendment supersedes. */
export async function replaceRating(db: Executor, row: ExperienceRow): Promise<void> {
  const link: SessionLink = row.dosing_session_id
    ? { dosingSessionId: row.dosing_session_id }
    : { atHomeSessionId: row.at_home_session_id as string };
  const { col, id } = column(link);
  await db
    .deleteFrom('session_experience')
    .where(col, '=', id)
    .where('instrument_id', '=', row.instrument_id)
    .execute();
  await db.insertInto('session_experience').values(row).execute();
  // The outcomes dashboard's course summary carries the course's mean experience: keep it current.
  await refreshCourseOutcomes(db, row.patient_id, row.rated_at);
}

/**
 * The session each rating response belongs to (for FHIR `encounter`), by response id: any version of a rating
 * (a correction keeps the assignment) finds the session through the current version's summary row.
 */
export async function sessionsOfResponses(db: Executor, responseIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < responseIds.length; i += 500) {
    const rows = await db
      .selectFrom('measure_responses as r')
      .innerJoin('measure_responses as current', 'current.assignment_id', 'r.assignment_id')
      .innerJoin('session_experience as x', 'x.response_id', 'current.id')
      .select(['r.id', 'x.dosing_session_id', 'x.at_home_session_id'])
      .where('r.id', 'in', responseIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, (r.dosing_session_id ?? r.at_home_session_id) as string);
  }
  return out;
}
