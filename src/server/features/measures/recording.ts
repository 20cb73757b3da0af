import { randomUUID } from 'node:crypto';
import {
  type Answers,
  type InstrumentDefinition,
  type ScoreSuccess,
  scoreResponse,
} from '../../../domain/instruments';
import { type Executor, isUniqueViolation } from '../../db/dialect';
import { AppError, conflict } from '../../platform/errors';
import { resolveDefinition } from './catalogue';
import { progressOf } from './present';
import * as repo from './repository';
import { raiseSafetyTasks } from './safety';

/**
 * The one path by which answers are stored, whoever enters them (portal, kiosk, staff): validate against the
 * instrument, keep the answers exactly as given, score completed responses with the domain module (storing
 * the scoring version), and turn urgent / emergency flags into safety tasks.
 *
 * An assignment has at most one in-progress response, which every channel continues: a patient can start
 * in the portal and finish on the clinic kiosk, and a paper form entered by staff completes (and replaces the
 * answers of) a draft the patient left unfinished; `mode` and `entered_by` record who completed it.
 *
 * Safety tasks open only when a response is completed (portal/kiosk submit, or staff entering a whole form),
 * never from a draft saved as the patient goes: an unfinished ASQ has unanswered screening items, which the
 * domain module counts as positive (a refusal to answer is positive on a finished screen), so evaluating
 * drafts opened urgent tasks for patients who simply had not reached question 2 yet. A draft's flags still
 * drive `crisis` (an acuity "yes" shows crisis resources at once); the task follows on submit. Each
 * (response, flag) pair raises one task.
 */
export type EntryMode = 'portal' | 'kiosk' | 'staff_entry';

export interface RecordInput {
  assignment: repo.AssignmentRow;
  /** Undefined: complete the saved draft as it stands (portal/kiosk submit without a body). */
  answers: Answers | undefined;
  mode: EntryMode;
  enteredBy: string | null;
  complete: boolean;
  now: string;
  /** When a paper form was filled in (staff entry); defaults to now. */
  completedAt?: string;
  amend?: { original: repo.ResponseRow; reason: string };
}

export interface RecordOutcome {
  def: InstrumentDefinition;
  response: repo.ResponseRow;
  result: ScoreSuccess;
  score: repo.ScoreRow | null;
  tasks: repo.SafetyTaskRow[];
  /** An emergency-level flag fired (ASQ acute positive): show crisis resources at once. */
  crisis: boolean;
  progress: { answered: number; required: number; percent: number };
}

export async function recordAnswers(trx: Executor, input: RecordInput): Promise<RecordOutcome> {
  const { assignment: a, now } = input;
  if (!input.amend && (a.status === 'completed' || a.status === 'cancelled')) {
    throw conflict(
      a.status === 'completed'
        ? 'This questionnaire has already been completed.'
        : 'This questionnaire was cancelled.',
    );
  }
  const draft = input.amend ? undefined : await repo.getDraft(trx, a.id);
  const version = input.amend?.original.instrument_version ?? draft?.instrument_version;
  const entry = await resolveDefinition(trx, a.instrument_id, version);
  if (!entry) throw conflict('The instrument of this assignment is no longer available.');
  const { def } = entry;

  const answers: Answers = input.answers ?? (draft ? (JSON.parse(draft.answers) as Answers) : {});
  const result = scoreResponse(def, answers);
  const itemNo = (linkId: string) => def.items.findIndex((i) => i.linkId === linkId) + 1;
  const label = (linkId: string) =>
    itemNo(linkId) > 0 ? `Item ${itemNo(linkId)} (${linkId})` : `"${linkId}"`;
  if (!result.ok) {
    throw new AppError(
      'validation_failed',
      result.errors
        .map((e) => `${label(e.linkId)}: ${e.message}`)
        .join('; ')
        .slice(0, 500),
      result.errors.map((e) => ({ field: `answers.${e.linkId}`, message: e.message })),
    );
  }
  if (input.complete && (!result.complete || result.total === null)) {
    throw new AppError(
      'validation_failed',
      `Some questions still need an answer: ${result.missing.map(label).join(', ')}`.slice(0, 500),
      result.missing.map((linkId) => ({ field: `answers.${linkId}`, message: 'needs an answer' })),
    );
  }

  const completedAt = input.complete ? (input.completedAt ?? now) : null;
  const fields = {
    answers: JSON.stringify(answers),
    status: input.complete ? 'completed' : 'in_progress',
    mode: input.mode,
    entered_by: input.enteredBy,
    updated_at: now,
    completed_at: completedAt,
  };
  let response: repo.ResponseRow;
  if (draft) {
    await repo.updateResponse(trx, draft.id, fields);
    response = { ...draft, ...fields };
  } else {
    response = {
      id: randomUUID(),
      assignment_id: a.id,
      patient_id: a.patient_id,
      instrument_id: def.id,
      instrument_version: def.version,
      started_at: completedAt && completedAt < now ? completedAt : now,
      amended_from: input.amend?.original.id ?? null,
      amend_reason: input.amend?.reason ?? null,
      ...fields,
    };
    try {
      await repo.insertResponse(trx, response);
    } catch (err) {
      // Two first saves (or amendments) at once: the unique indexes let one through.
      if (isUniqueViolation(err))
        throw conflict('This questionnaire was changed elsewhere at the same time. Reload to continue.');
      throw err;
    }
  }

  let score: repo.ScoreRow | null = null;
  if (input.complete && result.total !== null && completedAt) {
    score = {
      id: randomUUID(),
      response_id: response.id,
      patient_id: a.patient_id,
      instrument_id: def.id,
      total: result.total,
      band_label: result.band?.label ?? null,
      band_severity: result.band?.severity ?? null,
      subscales: JSON.stringify(result.subscales),
      cutoffs: JSON.stringify(result.cutoffs),
      flags: JSON.stringify(result.flags),
      scoring_version: result.scoringVersion,
      scored_at: completedAt,
    };
    await repo.insertScore(trx, score, now);
    if (!input.amend)
      await repo.updateAssignment(trx, a.id, {
        status: 'completed',
        completed_at: completedAt,
        updated_at: now,
      });
  } else if (a.status === 'due') {
    await repo.updateAssignment(trx, a.id, { status: 'in_progress', updated_at: now });
  }

  // Only a completed response raises tasks (see above). An amendment does not raise again a flag already
  // raised on the response it corrects.
  let tasks: repo.SafetyTaskRow[] = [];
  if (score) {
    const alreadyRaised = input.amend
      ? await flagsRaisedOnChain(trx, a.patient_id, input.amend.original)
      : new Set<string>();
    tasks = await raiseSafetyTasks(trx, {
      patientId: a.patient_id,
      responseId: response.id,
      instrumentId: def.id,
      flags: result.flags.filter((f) => !alreadyRaised.has(f.code)),
      now,
    });
  }
  return {
    def,
    response,
    result,
    score,
    tasks,
    crisis: result.flags.some((f) => f.level === 'emergency'),
    progress: progressOf(def, answers),
  };
}

/** Flag codes with a task on the original response or any response it amended in turn. */
async function flagsRaisedOnChain(
  trx: Executor,
  patientId: string,
  original: repo.ResponseRow,
): Promise<Set<string>> {
  const ids: string[] = [];
  let cur: repo.ResponseRow | undefined = original;
  while (cur && ids.length < 50) {
    ids.push(cur.id);
    cur = cur.amended_from ? await repo.getResponse(trx, patientId, cur.amended_from) : undefined;
  }
  return new Set((await repo.tasksForResponses(trx, ids)).map((t) => t.flag_code));
}
