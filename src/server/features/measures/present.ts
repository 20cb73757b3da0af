import type { Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import type { z } from 'zod';
import type {
  assignmentSchema,
  instrumentForm,
  responseSchema,
  safetyTaskSchema,
  scoreSchema,
} from '../../../contracts/measures';
import {
  type Answers,
  type InstrumentDefinition,
  isEnabled,
  normaliseAnswers,
  scoreRange,
  scoringVersionOf,
  toQuestionnaire,
  toQuestionnaireResponse,
  toScoreObservation,
} from '../../../domain/instruments';
import { describeRule, type ScheduleKind, timingOf } from '../../../domain/measures';
import type { CatalogueEntry } from './catalogue';
import type { AssignmentRow, ResponseRow, SafetyTaskListRow, ScoreRow } from './repository';

/** Pure presenters: stored rows → API shapes and FHIR resources (ready for the /fhir routes). */

export const summaryOf = (def: InstrumentDefinition) => ({
  id: def.id,
  name: def.name,
  version: def.version,
  origin: def.origin,
});

/** Everything a form needs to render the instrument, plus its FHIR Questionnaire. */
export function presentInstrument({ def, imported }: CatalogueEntry): z.infer<typeof instrumentForm> {
  return {
    ...summaryOf(def),
    licence: def.licence,
    source: def.source,
    recallPeriod: def.recallPeriod ?? null,
    instructions: def.instructions ?? null,
    scoringVersion: scoringVersionOf(def),
    range: scoreRange(def),
    bands: def.scoring.bands.map((b) => ({ min: b.min, max: b.max, label: b.label, severity: b.severity })),
    bandSource: def.scoring.bandSource,
    responseRule: describeRule(def.scoring.response),
    remissionRule: describeRule(def.scoring.remission),
    safetyFlags: (def.scoring.flags ?? []).map((f) => ({ code: f.code, level: f.level, message: f.message })),
    items: def.items.map((item) => {
      const set = def.answerSets.find((s) => s.id === item.answerSet);
      return {
        linkId: item.linkId,
        text: item.text,
        required: item.required !== false || def.scoring.items.includes(item.linkId),
        scored: def.scoring.items.includes(item.linkId),
        yesNo: set?.acceptsBoolean === true,
        options: (set?.options ?? []).map((o) => ({ value: o.value, label: o.label })),
        enableWhen: item.enableWhen
          ? { anyOf: [...item.enableWhen.anyOf], equals: item.enableWhen.equals }
          : null,
        groupPath: item.groupPath ? [...item.groupPath] : [],
      };
    }),
    questionnaire: toQuestionnaire(def) as unknown as Record<string, unknown>,
    attestation: imported
      ? {
          attestedName: imported.attested_name,
          licenceText: imported.licence_text,
          attestedBy: imported.attested_by,
          attestedAt: imported.attested_at,
        }
      : null,
  };
}

/** Answered and required counts over the items shown given the answers so far (enableWhen applied). */
export function progressOf(def: InstrumentDefinition, answers: Answers) {
  const normalised = normaliseAnswers(def, answers);
  const values = normalised.ok ? normalised.values : new Map<string, number>();
  const shown = def.items.filter(
    (i) => (i.required !== false || def.scoring.items.includes(i.linkId)) && isEnabled(i, values),
  );
  const answered = shown.filter((i) => values.has(i.linkId)).length;
  return {
    answered,
    required: shown.length,
    percent: shown.length ? Math.round((answered * 100) / shown.length) : 100,
  };
}

export function presentAssignment(
  a: AssignmentRow,
  def: InstrumentDefinition | undefined,
  today: string,
  names: Map<string, string>,
): z.infer<typeof assignmentSchema> {
  return {
    id: a.id,
    patientId: a.patient_id,
    instrument: def
      ? summaryOf(def)
      : { id: a.instrument_id, name: a.instrument_id, version: '', origin: 'imported' },
    kind: a.schedule_kind as ScheduleKind,
    scheduleId: a.schedule_id,
    sessionDate: a.session_date,
    dueOn: a.due_on,
    overdueOn: a.overdue_on,
    status: a.status as 'due',
    timing: timingOf({ dueOn: a.due_on, overdueOn: a.overdue_on, status: a.status }, today),
    assignedBy: person(a.assigned_by, names),
    assignedAt: a.assigned_at,
    completedAt: a.completed_at,
    cancelledAt: a.cancelled_at,
    cancelReason: a.cancel_reason,
  };
}

export function presentScore(s: ScoreRow): z.infer<typeof scoreSchema> {
  return {
    total: Number(s.total),
    band: s.band_label === null ? null : { label: s.band_label, severity: Number(s.band_severity) },
    subscales: JSON.parse(s.subscales),
    cutoffs: JSON.parse(s.cutoffs),
    flags: JSON.parse(s.flags),
    scoringVersion: s.scoring_version,
    scoredAt: s.scored_at,
  };
}

export function presentResponse(
  r: ResponseRow,
  score: ScoreRow | undefined,
  supersededBy: string | null,
  names: Map<string, string>,
): z.infer<typeof responseSchema> {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    instrumentId: r.instrument_id,
    instrumentVersion: r.instrument_version,
    status: r.status as 'completed',
    mode: r.mode as 'portal',
    enteredBy: person(r.entered_by, names),
    answers: JSON.parse(r.answers),
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
    amendedFrom: r.amended_from,
    amendReason: r.amend_reason,
    supersededBy,
    score: score ? presentScore(score) : null,
  };
}

export function presentSafetyTask(
  t: SafetyTaskListRow,
  instrumentName: string,
): z.infer<typeof safetyTaskSchema> {
  return {
    id: t.id,
    patient: {
      id: t.patient_id,
      chartNumber: t.chart_number,
      firstName: t.first_name,
      lastName: t.last_name,
      preferredName: t.preferred_name,
    },
    responseId: t.response_id,
    instrumentId: t.instrument_id,
    instrumentName,
    flagCode: t.flag_code,
    level: t.level as 'urgent',
    message: t.message,
    source: t.source,
    createdAt: t.created_at,
    status: t.status as 'open',
    resolvedBy: t.resolved_by ? { id: t.resolved_by, name: t.resolved_by_name ?? '' } : null,
    resolvedAt: t.resolved_at,
    followUp: t.follow_up,
  };
}

const person = (id: string | null, names: Map<string, string>) =>
  id ? { id, name: names.get(id) ?? '' } : null;

// ── FHIR ─────────────────────────────────────────────────────────────────────────────────────────────

/** The stored response as a QuestionnaireResponse: drafts are in-progress, amendments 'amended'. */
export function questionnaireResponseOf(def: InstrumentDefinition, r: ResponseRow): QuestionnaireResponse {
  const status: QuestionnaireResponse['status'] =
    r.status === 'in_progress' ? 'in-progress' : r.amended_from ? 'amended' : 'completed';
  return toQuestionnaireResponse(def, {
    id: r.id,
    patientId: r.patient_id,
    authored: r.completed_at ?? r.updated_at,
    answers: JSON.parse(r.answers) as Answers,
    status,
  });
}

/** The score as a survey Observation (LOINC code where the instrument has one), derived from its response. */
export function scoreObservationOf(def: InstrumentDefinition, s: ScoreRow, r: ResponseRow): Observation {
  const obs = toScoreObservation(def, {
    id: s.id,
    patientId: s.patient_id,
    effective: s.scored_at,
    total: Number(s.total),
    band: s.band_label === null ? null : { label: s.band_label, severity: Number(s.band_severity) },
    responseId: s.response_id,
    subscales: JSON.parse(s.subscales) as Record<string, number | null>,
  });
  return r.amended_from ? { ...obs, status: 'amended' } : obs;
}
