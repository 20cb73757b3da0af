import { randomUUID } from 'node:crypto';
import type { Answers } from '../../../domain/instruments';
import type { Executor } from '../../db/dialect';
import type { Clock } from '../../platform/clock';
import { conflict, notFound } from '../../platform/errors';
import { type RecordOutcome, recordAnswers } from './recording';
import * as repo from './repository';

export interface SessionRatingInput {
  patientId: string;
  instrumentId: string;
  answers: Answers;
  /** 'staff_entry' on the dosing console (the nurse enters what the patient says), 'portal' at home. */
  mode: 'staff_entry' | 'portal';
  enteredBy: string;
  /** The response this rating corrects (the session's current rating on the instrument), if any. */
  amends?: { responseId: string; reason: string };
}

/**
 * An end-of-session rating (issue #21) stored as any other measure: a one-off assignment made and completed at
 * once (it never shows as due anywhere), its response, and its score, through recordAnswers, so validation,
 * scoring, the outcome summaries and the FHIR QuestionnaireResponse + Observation are the measures' own. A
 * correction is the measures' amendment: a new response linked to the one it corrects, which is kept.
 */
export async function recordSessionRating(
  trx: Executor,
  clock: Clock,
  input: SessionRatingInput,
): Promise<RecordOutcome & { score: repo.ScoreRow }> {
  const now = clock.now().toISOString();
  let out: RecordOutcome;
  if (input.amends) {
    const original = await repo.getResponse(trx, input.patientId, input.amends.responseId);
    const a = original && (await repo.getAssignment(trx, input.patientId, original.assignment_id));
    if (!original || !a) throw notFound('rating');
    if (await repo.amendmentOf(trx, original.id))
      throw conflict('This rating was corrected elsewhere at the same time. Reload to continue.');
    out = await recordAnswers(trx, {
      assignment: a,
      answers: input.answers,
      mode: input.mode,
      enteredBy: input.enteredBy,
      complete: true,
      now,
      completedAt: now,
      amend: { original, reason: input.amends.reason },
    });
  } else {
    const today = await repo.clinicToday(trx, clock);
    const assignment: repo.AssignmentRow = {
      id: randomUUID(),
      patient_id: input.patientId,
      instrument_id: input.instrumentId,
      schedule_kind: 'once',
      schedule_id: randomUUID(),
      session_date: today,
      due_on: today,
      overdue_on: today,
      status: 'due',
      assigned_by: input.enteredBy,
      assigned_at: now,
      completed_at: null,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      updated_at: now,
    };
    await repo.insertAssignments(trx, [assignment]);
    out = await recordAnswers(trx, {
      assignment,
      answers: input.answers,
      mode: input.mode,
      enteredBy: input.enteredBy,
      complete: true,
      now,
    });
  }
  if (!out.score) throw new Error('a completed rating is always scored');
  return out as RecordOutcome & { score: repo.ScoreRow };
}
