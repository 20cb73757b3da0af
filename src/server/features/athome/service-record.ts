import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict } from '../../platform/errors';
import { getSetting } from '../../platform/settings';
import { sessionRatings } from '../experience';
import { renderAtHomeRecord } from './record';
import { RECORD_SIGNED } from './record-repository';
import * as repo from './repository';
import { AtHomeStaffService } from './service-staff';

/**
 * The at-home session's record: printed as a PDF for anyone who may read the chart, and signed by a prescriber
 * once the session is closed and its escalations resolved. The signature is an event of the insert-only
 * timeline (it cannot be changed or taken back); a note added later prints as added after signing.
 */
export class AtHomeRecordService {
  private readonly staff: AtHomeStaffService;
  constructor(ctx: AppContext) {
    this.staff = new AtHomeStaffService(ctx);
  }

  async pdf(auth: AuthContext, patientId: string, id: string): Promise<Buffer> {
    const { detail, ratings, clinicName, timeZone } = await this.staff.run(
      auth,
      patientId,
      'clinical.read',
      'athome.record_pdf',
      id,
      async (trx, patient) => ({
        detail: await this.staff.detail(trx, await this.staff.core.load(trx, patientId, id), patient),
        ratings: await sessionRatings(trx, { atHomeSessionId: id }),
        clinicName: await getSetting(trx, 'clinic.name'),
        timeZone: await getSetting(trx, 'clinic.timezone'),
      }),
    );
    return renderAtHomeRecord(detail, { clinicName, timeZone }, ratings);
  }

  sign(auth: AuthContext, patientId: string, id: string) {
    return this.staff.run(
      auth,
      patientId,
      'orders.sign',
      'athome.record_sign',
      id,
      async (trx, patient, _d, actor) => {
        const s = await this.staff.core.load(trx, patientId, id);
        if (s.state !== 'closed')
          throw conflict('Close the session before signing its record.', { state: s.state });
        const events = await repo.eventsOf(trx, s.id);
        if (events.some((e) => e.kind === RECORD_SIGNED)) throw conflict('This record is already signed.');
        const open = (await repo.tasksOfSession(trx, s.id)).filter(
          (t) => Number(t.urgent) === 1 && t.state !== 'resolved',
        );
        if (open.length)
          throw conflict('Resolve the session’s open escalations before signing its record.', {
            openEscalations: open.map((t) => t.id),
          });
        // Moving the version on makes two signatures at once conflict: only one passes.
        const signed = await this.staff.core.save(trx, s, {});
        await this.staff.core.event(trx, signed, actor, RECORD_SIGNED);
        return this.staff.detail(trx, signed, patient);
      },
    );
  }
}
