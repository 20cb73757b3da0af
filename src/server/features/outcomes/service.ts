import {
  type InstrumentOutcome,
  OUTCOME_METHOD,
  outcomeRange,
  summariseOutcome,
} from '../../../domain/measures';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden } from '../../platform/errors';
import { listCatalogue } from '../measures';
import { outcomeCounts } from './repository';

/**
 * Clinic outcomes: response and remission rates per instrument across the clinic, counted in SQL with each
 * instrument's own rules (src/domain/measures/outcomes.ts) over the per-patient summaries the measures
 * repository keeps current on every write (patient_outcomes). For prescribers and admins (the medical
 * director), who hold `outcomes.read`; aggregates name no patient, and the view is audited like any read of
 * patient data.
 */
export class OutcomesService {
  constructor(private readonly ctx: AppContext) {}

  async clinic(
    auth: AuthContext,
  ): Promise<{ generatedAt: string; method: string; instruments: InstrumentOutcome[] }> {
    if (auth.role === 'patient' || !auth.permissions.has('outcomes.read')) throw forbidden();
    const { db, clock } = this.ctx;
    const catalogue = await listCatalogue(db);
    const counts = await outcomeCounts(
      db,
      catalogue.map(({ def }) => ({
        instrumentId: def.id,
        ...outcomeRange(def),
        response: def.scoring.response,
        remission: def.scoring.remission,
      })),
    );
    const instruments = catalogue.flatMap(({ def }) => {
      const c = counts.get(def.id);
      return c ? [summariseOutcome(def, c)] : [];
    });
    await db.transaction().execute((trx) =>
      appendAudit(trx, clock, auth, {
        action: 'outcomes.read',
        detail: {
          instruments: instruments.length,
          patients: instruments.reduce((n, i) => n + i.patients, 0),
        },
      }),
    );
    return { generatedAt: clock.now().toISOString(), method: OUTCOME_METHOD, instruments };
  }
}
