import type { Executor } from '../../db/dialect';
import { entriesOfPatient, sharedEntriesWhere } from '../../features/journal';
import { presentJournalEntry } from '../present/journal';
import { type Loaded, type LoadFilter, matchesNothing, safely, uuidsOf } from './common';

/**
 * Journal entries (issue #17), read through the journal feature: only entries shared now, unless the filter
 * says the patient is reading their own record (their token or their export), which holds every entry of theirs.
 */
export async function loadJournalEntries(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const own = f.ownRecord === true && f.patientIds?.length === 1 ? (f.patientIds[0] as string) : null;
  const rows = own
    ? (await entriesOfPatient(db, own)).filter((e) => !ids || ids.includes(e.id))
    : await sharedEntriesWhere(db, {
        ...(f.patientIds ? { patientIds: f.patientIds } : {}),
        ...(ids ? { ids } : {}),
      });
  return rows.flatMap((e) => {
    const r = safely(() => presentJournalEntry(e));
    return r ? [{ resource: r, patientId: e.patient_id }] : [];
  });
}
