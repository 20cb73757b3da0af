import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { screeningDecisionBody } from '../../../contracts/patients';
import { decisionAllowed, type ScreeningResult } from '../../../domain/screening';
import { screeningStatus } from '../../../domain/screening/status';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import * as repo from './repository';
import { evaluatePatient, fingerprint } from './screening';

/** Screening review and the prescriber's decision; PatientsService answers both routes through these. */
const todayOf = (ctx: AppContext) => ctx.clock.now().toISOString().slice(0, 10);

/** The screening evaluated today, with the prescribers' decisions (a decision made on another evaluation is stale). */
export async function screeningReview(ctx: AppContext, auth: AuthContext, patientId: string) {
  return withPatient(
    ctx.db,
    ctx.clock,
    auth,
    patientId,
    'clinical.read',
    { action: 'screening.read' },
    async (trx) => {
      if (auth.role === 'patient') throw forbidden();
      const p = (await repo.getPatient(trx, patientId)) as repo.PatientRow;
      const kids = await repo.childrenOf(trx, patientId);
      const evaluation = evaluatePatient(p, kids.medications, todayOf(ctx));
      const decisions = await repo.decisionsFor(trx, patientId);
      const fp = fingerprint(evaluation);
      const history = decisions.map((d) => ({
        id: d.id,
        outcome: d.outcome,
        decision: d.decision as 'cleared' | 'not_cleared',
        overrides: JSON.parse(d.overrides) as { ruleId: string; reason: string }[],
        note: d.note,
        decidedBy: d.decided_by,
        decidedByName: d.decided_by_name ?? null,
        decidedAt: d.decided_at,
        stale: fingerprint(JSON.parse(d.evaluation) as ScreeningResult) !== fp,
      }));
      const current = history[0] ?? null;
      const status = screeningStatus(evaluation.outcome, current);
      return { evaluation, evaluatedOn: todayOf(ctx), current, history, cleared: status.cleared, status };
    },
  );
}

/** A prescriber clears (or does not clear) the patient, overriding flagged rules with a reason each. */
export async function decideScreening(
  ctx: AppContext,
  auth: AuthContext,
  patientId: string,
  body: z.infer<typeof screeningDecisionBody>,
) {
  if (auth.role === 'patient' || !auth.permissions.has('screening.decide')) throw forbidden();
  return withPatient(
    ctx.db,
    ctx.clock,
    auth,
    patientId,
    'screening.decide',
    { action: 'screening.decide', detail: { decision: body.decision } },
    async (trx) => {
      const p = (await repo.getPatient(trx, patientId)) as repo.PatientRow;
      const kids = await repo.childrenOf(trx, patientId);
      const evaluation = evaluatePatient(p, kids.medications, todayOf(ctx));
      const check = decisionAllowed(evaluation, { status: body.decision, overrides: body.overrides });
      if (!check.allowed) {
        throw new AppError(
          'validation_failed',
          check.errors.map((e) => e.message).join(' '),
          check.errors.map((e) => ({
            field: e.ruleId ? `overrides.${e.ruleId}` : `record.${e.field ?? 'unknown'}`,
            message: e.message,
          })),
        );
      }
      const id = randomUUID();
      await repo.insertScreeningDecision(trx, {
        id,
        patient_id: patientId,
        outcome: evaluation.outcome,
        evaluation: JSON.stringify(evaluation),
        decision: body.decision,
        overrides: JSON.stringify(body.overrides),
        note: body.note ?? null,
        decided_by: auth.userId,
        decided_at: ctx.clock.now().toISOString(),
      });
      return { id };
    },
  );
}
