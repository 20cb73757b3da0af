import type { z } from 'zod';
import type { retentionPolicyBody } from '../../../contracts/policies';
import { CLINICAL_MINIMUM_YEARS } from '../../../domain/retention/floors';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden } from '../../platform/errors';
import { getSetting, setSetting } from '../../platform/settings';
import { retentionReport } from '../retention';

/**
 * The administrator's clinic policies page: the emergency-access window (changed through the emergency
 * feature's own endpoint) and the retention policy for signed clinical records, with the retention report
 * (what is kept, since when, under which floor). Settings only: the report carries counts and dates, no
 * patient data. Changes are audited with the old and new value.
 */
export class PoliciesService {
  constructor(private readonly ctx: AppContext) {}

  private admin(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
  }

  async get(auth: AuthContext) {
    this.admin(auth);
    const { db, clock } = this.ctx;
    return {
      emergencyWindowMinutes: await getSetting(db, 'emergency.windowMinutes'),
      clinicalRecordYears: await getSetting(db, 'retention.clinicalRecordYears'),
      clinicalFloorYears: CLINICAL_MINIMUM_YEARS,
      retention: await retentionReport(db, clock.now()),
    };
  }

  async setRetention(auth: AuthContext, body: z.infer<typeof retentionPolicyBody>) {
    this.admin(auth);
    await this.ctx.db.transaction().execute(async (trx) => {
      const from = await getSetting(trx, 'retention.clinicalRecordYears');
      await setSetting(
        trx,
        'retention.clinicalRecordYears',
        body.clinicalRecordYears,
        auth.userId,
        this.ctx.clock.now().toISOString(),
      );
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'settings.retention_clinical_years',
        objectType: 'setting',
        detail: { from, to: body.clinicalRecordYears, via: 'app' },
      });
    });
    return this.get(auth);
  }
}
