import type { Kysely } from 'kysely';

// Frozen once merged. Which therapy visit a preparation or integration note was written for (issue #14: the
// therapist's list of visits held without a note). A table of its own rather than a column on therapy_notes:
// signed notes are locked by the retention triggers (0012), so existing notes could not be given the link.
// One note per visit (the visit is the key); a note is linked to at most the one visit it was started from.
// Existing notes are linked here to the visit they were evidently written for: the same patient's therapy
// visit (preparation or integration, not cancelled or missed) on the note's session date, local to the visit's
// own zone; a note of the visit's own kind first, then the earliest visit that day. Independent of every
// other migration.

const localDate = (instant: string, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
};

const shiftDay = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('note_visits')
    .addColumn('appointment_id', 'text', (c) => c.primaryKey().references('appointments.id'))
    .addColumn('note_id', 'text', (c) => c.notNull().unique().references('therapy_notes.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  const notes: { id: string; patient_id: string; kind: string; session_date: string; created_at: string }[] =
    await db
      .selectFrom('therapy_notes')
      .select(['id', 'patient_id', 'kind', 'session_date', 'created_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  const taken = new Set<string>();
  for (const n of notes) {
    // A local date is within a day of the UTC date of any instant on it.
    const visits: { id: string; starts_at: string; timezone: string; category: string }[] = await db
      .selectFrom('appointments as a')
      .innerJoin('appointment_types as t', 't.id', 'a.type_id')
      .select(['a.id', 'a.starts_at', 'a.timezone', 't.category'])
      .where('a.patient_id', '=', n.patient_id)
      .where('t.category', 'in', ['preparation', 'integration'])
      .where('a.status', 'in', ['booked', 'checked_in', 'completed'])
      .where('a.starts_at', '>=', shiftDay(n.session_date, -1))
      .where('a.starts_at', '<', shiftDay(n.session_date, 2))
      .orderBy('a.starts_at')
      .execute();
    const sameDay = visits.filter(
      (v) => !taken.has(v.id) && localDate(v.starts_at, v.timezone) === n.session_date,
    );
    const pick = sameDay.find((v) => v.category === n.kind) ?? sameDay[0];
    if (!pick) continue;
    taken.add(pick.id);
    await db
      .insertInto('note_visits')
      .values({ appointment_id: pick.id, note_id: n.id, created_at: n.created_at })
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
