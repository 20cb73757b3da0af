import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import { CRISIS_RESOURCES, type crisisResources } from '../../../contracts/measures';
import type { Answers } from '../../../domain/instruments';
import { timingOf } from '../../../domain/measures';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { getSetting } from '../../platform/settings';
import { DefinitionCache, resolveDefinition } from './catalogue';
import { presentInstrument, progressOf, summaryOf } from './present';
import { recordAnswers } from './recording';
import * as repo from './repository';

/** Crisis contacts (988, 911) plus the clinic's own number when one is set. */
export async function crisisResourcesFor(db: Executor): Promise<z.infer<typeof crisisResources>> {
  const phone = await getSetting(db, 'clinic.phone');
  if (!phone) return CRISIS_RESOURCES;
  const name = await getSetting(db, 'clinic.name');
  return {
    ...CRISIS_RESOURCES,
    contacts: [
      ...CRISIS_RESOURCES.contacts,
      { label: name, action: `Call ${phone}`, href: `tel:${phone.replace(/[^0-9+]/g, '')}` },
    ],
  };
}

/** An open assignment of this patient that is already due; anything else answers like a missing one. */
export async function openAssignment(trx: Executor, clinicToday: string, patientId: string, id: string) {
  const a = await repo.getAssignment(trx, patientId, id);
  if (!a || (a.status !== 'due' && a.status !== 'in_progress') || a.due_on > clinicToday)
    throw notFound('questionnaire');
  return a;
}

/** The form for one assignment: the instrument (at the draft's version) and the answers saved so far. */
export async function formOf(trx: Executor, a: repo.AssignmentRow) {
  const draft = await repo.getDraft(trx, a.id);
  const entry = await resolveDefinition(trx, a.instrument_id, draft?.instrument_version);
  if (!entry) throw notFound('questionnaire');
  const answers = draft ? (JSON.parse(draft.answers) as Record<string, number | boolean | null>) : {};
  return {
    assignmentId: a.id,
    instrument: presentInstrument(entry),
    answers,
    progress: progressOf(entry.def, answers),
  };
}

/**
 * The patient's questionnaires in the portal: always the signed-in patient's own (no patient id in the URL);
 * another patient's assignment id answers exactly like a missing one. Answers save as the patient goes and
 * come back on resume; submitting scores the response and raises safety tasks, and `crisis: true` tells the
 * screen to show crisis resources at once.
 */
export class PortalMeasuresService {
  constructor(private readonly ctx: AppContext) {}

  private self(auth: AuthContext): string {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    return auth.patientId;
  }

  private run<T>(
    auth: AuthContext,
    action: AuditAction,
    assignmentId: string | null,
    fn: (trx: Executor, patientId: string, today: string) => Promise<T>,
  ) {
    const patientId = this.self(auth);
    const audit = {
      action,
      objectType: 'measure_assignment',
      ...(assignmentId ? { objectId: assignmentId } : {}),
    };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'portal.self', audit, async (trx) =>
      fn(trx, patientId, await repo.clinicToday(trx, this.ctx.clock)),
    );
  }

  async list(auth: AuthContext) {
    return this.run(auth, 'measures.portal_list', null, async (trx, patientId, today) => {
      const defs = new DefinitionCache(trx);
      const measures = [];
      for (const a of await repo.portalAssignments(trx, patientId, today)) {
        const draft = await repo.getDraft(trx, a.id);
        const entry = await defs.get(a.instrument_id, draft?.instrument_version);
        if (!entry) continue;
        measures.push({
          assignmentId: a.id,
          instrument: summaryOf(entry.def),
          dueOn: a.due_on,
          overdueOn: a.overdue_on,
          timing: timingOf({ dueOn: a.due_on, overdueOn: a.overdue_on, status: a.status }, today) ?? 'due',
          status: a.status as 'due',
          progress: progressOf(entry.def, draft ? (JSON.parse(draft.answers) as Answers) : {}),
          updatedAt: draft?.updated_at ?? null,
        });
      }
      return { measures, crisisResources: await crisisResourcesFor(trx) };
    });
  }

  async form(auth: AuthContext, assignmentId: string) {
    return this.run(auth, 'measures.portal_read', assignmentId, async (trx, patientId, today) => {
      const a = await openAssignment(trx, today, patientId, assignmentId);
      return { ...(await formOf(trx, a)), status: a.status as 'due', dueOn: a.due_on };
    });
  }

  async saveDraft(auth: AuthContext, assignmentId: string, answers: Answers) {
    return this.run(auth, 'measures.portal_draft', assignmentId, async (trx, patientId, today) => {
      const a = await openAssignment(trx, today, patientId, assignmentId);
      const now = this.ctx.clock.now().toISOString();
      const out = await recordAnswers(trx, {
        assignment: a,
        answers,
        mode: 'portal',
        enteredBy: auth.userId,
        complete: false,
        now,
      });
      return {
        savedAt: now,
        progress: out.progress,
        missing: out.result.missing,
        crisis: out.crisis,
        crisisResources: out.crisis ? await crisisResourcesFor(trx) : null,
      };
    });
  }

  async submit(auth: AuthContext, assignmentId: string, answers: Answers | undefined) {
    return this.run(auth, 'measures.portal_submit', assignmentId, async (trx, patientId, today) => {
      const a = await openAssignment(trx, today, patientId, assignmentId);
      const now = this.ctx.clock.now().toISOString();
      const out = await recordAnswers(trx, {
        assignment: a,
        answers,
        mode: 'portal',
        enteredBy: auth.userId,
        complete: true,
        now,
      });
      return {
        responseId: out.response.id,
        completedAt: now,
        crisis: out.crisis,
        crisisResources: out.crisis ? await crisisResourcesFor(trx) : null,
      };
    });
  }
}
