import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { amendBody, assignBody, dueQuery, staffEntryBody } from '../../../contracts/measures';
import { isSessionRating } from '../../../domain/instruments';
import {
  addDays,
  planSchedule,
  type ScheduleKind,
  type ScheduleRequest,
  timingOf,
} from '../../../domain/measures';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { userNames } from '../users';
import { type CatalogueEntry, DefinitionCache, resolveDefinition } from './catalogue';
import { countVisibleDue, countVisibleOpenSafetyTasks, listVisibleDue } from './cross-patient-repository';
import {
  presentAssignment,
  presentResponse,
  presentSafetyTask,
  presentScore,
  questionnaireResponseOf,
  scoreObservationOf,
  summaryOf,
} from './present';
import { type RecordOutcome, recordAnswers } from './recording';
import * as repo from './repository';
import { trendsOf } from './trends';

/** Staff side of measurement-based care: assigning, the chart view with trends, paper entry and amendments. */
export class MeasuresService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  private staff(auth: AuthContext, perm: 'clinical.read' | 'clinical.write') {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
  }

  async assign(auth: AuthContext, patientId: string, body: z.infer<typeof assignBody>) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      { action: 'measures.assign', objectType: 'measure_assignment', objectId: null },
      async (trx) => {
        const today = await repo.clinicToday(trx, this.ctx.clock);
        const entries: CatalogueEntry[] = [];
        const errors: { field: string; message: string }[] = [];
        for (const [i, id] of body.instrumentIds.entries()) {
          const entry = await resolveDefinition(trx, id);
          if (entry && isSessionRating(entry.def.id))
            errors.push({
              field: `instrumentIds.${i}`,
              message: `${entry.def.name} is rated on a session record, not assigned`,
            });
          else if (entry) entries.push(entry);
          else errors.push({ field: `instrumentIds.${i}`, message: `No instrument "${id}" in the library` });
        }
        const s = body.schedule;
        const request: ScheduleRequest =
          s.kind === 'once' || s.kind === 'intake' ? { ...s, dueOn: s.dueOn ?? today } : s;
        const plan = planSchedule(request, today);
        if (!plan.ok)
          errors.push(
            ...plan.errors.map((e) => ({
              field: `schedule.${e.path.replace(/\[(\d+)\]/g, '.$1')}`,
              message: e.message,
            })),
          );
        if (errors.length || !plan.ok)
          throw new AppError(
            'validation_failed',
            errors.map((e) => `${e.field}: ${e.message}`).join('; '),
            errors,
          );

        const open = await repo.openAssignmentKeys(trx, patientId);
        const now = this.now();
        const scheduleId = randomUUID();
        const rows: repo.AssignmentRow[] = [];
        let skipped = 0;
        for (const { def } of [...new Map(entries.map((e) => [e.def.id, e])).values()]) {
          for (const p of plan.planned) {
            if (open.has(`${def.id}|${p.kind}|${p.dueOn}`)) {
              skipped++;
              continue;
            }
            rows.push({
              id: randomUUID(),
              patient_id: patientId,
              instrument_id: def.id,
              schedule_kind: p.kind,
              schedule_id: scheduleId,
              session_date: p.sessionDate ?? null,
              due_on: p.dueOn,
              overdue_on: p.overdueOn,
              status: 'due',
              assigned_by: auth.userId,
              assigned_at: now,
              completed_at: null,
              cancelled_at: null,
              cancelled_by: null,
              cancel_reason: null,
              updated_at: now,
            });
          }
        }
        await repo.insertAssignments(trx, rows);
        const names = new Map([[auth.userId, auth.name]]);
        const defs = new Map(entries.map((e) => [e.def.id, e.def]));
        return {
          assignments: rows.map((a) => presentAssignment(a, defs.get(a.instrument_id), today, names)),
          skipped,
        };
      },
    );
  }

  /** The chart's measures section: assignments, responses with scores, per-instrument trends, safety tasks. */
  async patientMeasures(auth: AuthContext, patientId: string) {
    this.staff(auth, 'clinical.read');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'measures.read' },
      async (trx) => {
        const today = await repo.clinicToday(trx, this.ctx.clock);
        const [assignments, responses, scores] = [
          await repo.listAssignments(trx, patientId),
          await repo.listResponses(trx, patientId),
          await repo.listScores(trx, patientId),
        ];
        const tasks = await repo.listSafetyTasks(trx, { patientId, limit: 500 });
        const defs = new DefinitionCache(trx);
        const names = await userNames(trx, [
          ...assignments.map((a) => a.assigned_by),
          ...responses.map((r) => r.entered_by),
        ]);
        const scoreOf = new Map(scores.map((s) => [s.response_id, s]));
        const supersededBy = new Map(
          responses.filter((r) => r.amended_from).map((r) => [r.amended_from as string, r.id]),
        );
        const presentedAssignments = [];
        for (const a of assignments)
          presentedAssignments.push(
            presentAssignment(a, (await defs.get(a.instrument_id))?.def, today, names),
          );
        const trends = await trendsOf(defs, assignments, responses, scores);
        const presentedTasks = [];
        for (const t of tasks)
          presentedTasks.push(
            presentSafetyTask(t, (await defs.get(t.instrument_id))?.def.name ?? t.instrument_id),
          );
        return {
          today,
          assignments: presentedAssignments,
          responses: responses.map((r) =>
            presentResponse(r, scoreOf.get(r.id), supersededBy.get(r.id) ?? null, names),
          ),
          trends,
          safetyTasks: presentedTasks,
          openSafetyTask: tasks.some((t) => t.status === 'open'),
        };
      },
    );
  }

  /** A paper form's answers, entered by staff: complete, validated item by item, scored at once. */
  async staffEntry(
    auth: AuthContext,
    patientId: string,
    assignmentId: string,
    body: z.infer<typeof staffEntryBody>,
  ) {
    this.staff(auth, 'clinical.write');
    const audit = {
      action: 'measures.staff_entry' as const,
      objectType: 'measure_assignment',
      objectId: assignmentId,
    };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'clinical.write', audit, async (trx) => {
      const a = await this.assignment(trx, patientId, assignmentId);
      const now = this.now();
      const completedAt = body.completedAt ? new Date(body.completedAt).toISOString() : undefined;
      if (completedAt && completedAt > now)
        throw new AppError('validation_failed', 'completedAt: cannot be in the future', [
          { field: 'completedAt', message: 'cannot be in the future' },
        ]);
      return recorded(
        await recordAnswers(trx, {
          assignment: a,
          answers: body.answers,
          mode: 'staff_entry',
          enteredBy: auth.userId,
          complete: true,
          now,
          completedAt,
        }),
      );
    });
  }

  /** Corrects a completed response: a new response linked to the original, which is kept unchanged. */
  async amend(
    auth: AuthContext,
    patientId: string,
    assignmentId: string,
    responseId: string,
    body: z.infer<typeof amendBody>,
  ) {
    this.staff(auth, 'clinical.write');
    const audit = { action: 'measures.amend' as const, objectType: 'measure_response', objectId: responseId };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'clinical.write', audit, async (trx) => {
      const a = await this.assignment(trx, patientId, assignmentId);
      const original = await repo.getResponse(trx, patientId, responseId);
      if (!original || original.assignment_id !== a.id) throw notFound('response');
      if (original.status !== 'completed')
        throw conflict('Only a completed response can be amended; a draft can still be edited.');
      if (await repo.amendmentOf(trx, original.id))
        throw conflict('This response has already been amended: amend its latest version.');
      const out = await recordAnswers(trx, {
        assignment: a,
        answers: body.answers,
        mode: 'staff_entry',
        enteredBy: auth.userId,
        complete: true,
        now: this.now(),
        completedAt: this.now(),
        amend: { original, reason: body.reason },
      });
      return recorded(out);
    });
  }

  async cancel(auth: AuthContext, patientId: string, assignmentId: string, reason: string) {
    this.staff(auth, 'clinical.write');
    const audit = {
      action: 'measures.cancel' as const,
      objectType: 'measure_assignment',
      objectId: assignmentId,
    };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'clinical.write', audit, async (trx) => {
      const a = await this.assignment(trx, patientId, assignmentId);
      if (a.status === 'completed' || a.status === 'cancelled')
        throw conflict(`This measure is already ${a.status}.`);
      const now = this.now();
      await repo.updateAssignment(trx, a.id, {
        status: 'cancelled',
        cancelled_at: now,
        cancelled_by: auth.userId,
        cancel_reason: reason,
        updated_at: now,
      });
      await repo.revokeKioskTokens(trx, a.id, now);
      return { ok: true as const };
    });
  }

  /** A response and its score as FHIR resources (pure presenters, ready for the /fhir routes). */
  async responseFhir(auth: AuthContext, patientId: string, responseId: string) {
    this.staff(auth, 'clinical.read');
    const audit = {
      action: 'measures.fhir_read' as const,
      objectType: 'measure_response',
      objectId: responseId,
    };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'clinical.read', audit, async (trx) => {
      const r = await repo.getResponse(trx, patientId, responseId);
      const entry = r ? await resolveDefinition(trx, r.instrument_id, r.instrument_version) : undefined;
      if (!r || !entry) throw notFound('response');
      const score = await repo.getScore(trx, r.id);
      try {
        return {
          questionnaireResponse: questionnaireResponseOf(entry.def, r) as unknown as Record<string, unknown>,
          observation: score
            ? (scoreObservationOf(entry.def, score, r) as unknown as Record<string, unknown>)
            : null,
        };
      } catch {
        throw conflict(
          'This response was recorded with an instrument version that can no longer be rendered.',
        );
      }
    });
  }

  /** Due and overdue measures across patients (the worklist), most urgent first. */
  async due(auth: AuthContext, q: z.infer<typeof dueQuery>) {
    this.staff(auth, 'clinical.read');
    return this.ctx.db.transaction().execute(async (trx) => {
      const today = await repo.clinicToday(trx, this.ctx.clock);
      const until = q.include === 'upcoming' ? addDays(today, q.upcomingDays) : today;
      // Confidential records the user may not open are left out of the list, its total and the task count.
      const visible = (column: string) => mayOpenSql(auth, this.ctx.clock.now().toISOString(), column);
      const rows = await listVisibleDue(trx, until, q.limit, q.offset, visible);
      const total = await countVisibleDue(trx, until, visible);
      const withTasks = await repo.patientsWithOpenTasks(trx, [...new Set(rows.map((r) => r.patient_id))]);
      const defs = new DefinitionCache(trx);
      const items = [];
      for (const r of rows) {
        const def = (await defs.get(r.instrument_id))?.def;
        items.push({
          assignmentId: r.id,
          patient: {
            id: r.patient_id,
            chartNumber: r.chart_number,
            firstName: r.first_name,
            lastName: r.last_name,
            preferredName: r.preferred_name,
          },
          instrument: def
            ? summaryOf(def)
            : { id: r.instrument_id, name: r.instrument_id, version: '', origin: 'imported' as const },
          kind: r.schedule_kind as ScheduleKind,
          dueOn: r.due_on,
          overdueOn: r.overdue_on,
          status: r.status as 'due',
          timing: timingOf({ dueOn: r.due_on, overdueOn: r.overdue_on, status: r.status }, today) ?? 'due',
          openSafetyTask: withTasks.has(r.patient_id),
        });
      }
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'measures.due_list',
        objectType: 'measure_assignment',
        detail: { include: q.include, results: items.length },
      });
      return { today, items, total, openSafetyTaskCount: await countVisibleOpenSafetyTasks(trx, visible) };
    });
  }

  private async assignment(trx: Executor, patientId: string, id: string) {
    const a = await repo.getAssignment(trx, patientId, id);
    if (!a) throw notFound('measure');
    return a;
  }
}

export function recorded(out: RecordOutcome) {
  if (!out.score) throw new Error('recorded() needs a completed response');
  return {
    responseId: out.response.id,
    amendedFrom: out.response.amended_from,
    score: presentScore(out.score),
    safetyTasks: out.tasks.map((t) => ({ id: t.id, flagCode: t.flag_code, level: t.level as 'urgent' })),
    crisis: out.crisis,
  };
}
