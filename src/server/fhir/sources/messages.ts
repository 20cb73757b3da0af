import type { Executor } from '../../db/dialect';
import { messagesWhere } from '../../features/messages';
import { presentCommunication } from '../present/messages';
import { type Loaded, type LoadFilter, matchesNothing, safely, uuidsOf } from './common';

/** Messages with the care team (issue #17) as Communication, read through the messages feature's repository. */
export async function loadCommunications(db: Executor, f: LoadFilter): Promise<Loaded[]> {
  if (matchesNothing(f)) return [];
  const ids = uuidsOf(f.ids);
  if (ids?.length === 0) return [];
  const rows = await messagesWhere(db, f.patientIds ? [...f.patientIds] : null, ids);
  return rows.flatMap((m) => {
    const r = safely(() => presentCommunication(m));
    return r ? [{ resource: r, patientId: m.patient_id }] : [];
  });
}
