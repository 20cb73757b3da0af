import type { z } from 'zod';
import type { careTaskQuery } from '../../../contracts/tasks';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { hiddenPatients, mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { Role } from '../../platform/permissions';
import { withPatient } from '../../platform/scope';
import { presentCareTask } from './present';
import * as repo from './repository';

/** Who may hold a care task: the clinicians (DOMAIN §7), the same roles that may act on one. */
export const TASK_HOLDER_ROLES = ['prescriber', 'nurse', 'therapist'] as const;

/**
 * Care tasks between sessions (issue #17). Reading needs `clinical.read` and acting `clinical.write`: the
 * clinicians (prescriber, nurse, therapist). Admins and the front desk do not open clinical records, and a
 * task is about what a patient wrote in distress, so they neither see nor work these. Confidential patients
 * follow the chart's rule (platform/confidential.ts): left out of the lists, 404 for one of theirs. Every
 * read and change is audited; the task's title and the outcome stay out of the audit detail.
 */
export class CareTasksService {
  constructor(private readonly ctx: AppContext) {}

  private staff(auth: AuthContext, perm: 'clinical.read' | 'clinical.write') {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
  }

  private async one(trx: Executor, id: string) {
    const [row] = await repo.listCareTasks(trx, { id, limit: 1 });
    if (!row) throw notFound('care task');
    return presentCareTask(row);
  }

  /** Open tasks across the patients the viewer may open (Today), or one patient's tasks (the chart). */
  async list(auth: AuthContext, q: z.infer<typeof careTaskQuery>) {
    this.staff(auth, 'clinical.read');
    const state = q.state === 'all' ? undefined : q.state;
    const filter = { limit: q.limit, ...(state ? { state } : {}) };
    if (q.patientId) {
      const patientId = q.patientId;
      return withPatient(
        this.ctx.db,
        this.ctx.clock,
        auth,
        patientId,
        'clinical.read',
        { action: 'care_tasks.read', objectType: 'patient', detail: { state: q.state } },
        async (trx) => ({
          tasks: (await repo.listCareTasks(trx, { ...filter, patientId })).map(presentCareTask),
        }),
      );
    }
    const now = this.ctx.clock.now().toISOString();
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await repo.listCareTasks(trx, {
        ...filter,
        mayOpen: (column) => mayOpenSql(auth, now, column),
      });
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'care_tasks.list',
        objectType: 'care_task',
        detail: {
          state: q.state,
          results: rows.length,
          patients: new Set(rows.map((r) => r.patient_id)).size,
        },
      });
      return { tasks: rows.map(presentCareTask) };
    });
  }

  /** The task's patient, or a 404 (audited as failed) when there is no such task. */
  private async taskOrMissing(
    auth: AuthContext,
    id: string,
    action: 'care_task.resolve' | 'care_task.assign',
  ) {
    const task = await repo.getCareTask(this.ctx.db, id);
    if (task) return task;
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action,
        outcome: 'failed',
        objectType: 'care_task',
        objectId: id,
        detail: { error: 'not_found' },
      }),
    );
    throw notFound('care task');
  }

  /** Gives an open task to a clinician (`null`: nobody); taking it is giving it to oneself. */
  async assign(auth: AuthContext, id: string, userId: string | null) {
    this.staff(auth, 'clinical.write');
    const task = await this.taskOrMissing(auth, id, 'care_task.assign');
    const audit = {
      action: 'care_task.assign' as const,
      objectType: 'care_task',
      objectId: id,
      detail: { assignedTo: userId, self: userId === auth.userId },
    };
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      task.patient_id,
      'clinical.write',
      audit,
      async (trx) => {
        if (userId) {
          const holder = await repo.activeUserInRoles(trx, userId, TASK_HOLDER_ROLES);
          if (!holder) throw invalid('userId', 'is not an active prescriber, nurse or therapist');
          // A confidential patient's task goes only to someone who may open the chart (their care team).
          const viewer = { userId, role: holder.role as Role, patientId: null, canBreakGlass: false };
          const now = this.ctx.clock.now().toISOString();
          if ((await hiddenPatients(trx, viewer, now, [task.patient_id])).size)
            throw invalid('userId', 'is not on the care team of this confidential patient');
        }
        if (!(await repo.assignCareTask(trx, id, userId)))
          throw conflict('This care task has already been resolved.');
        return { task: await this.one(trx, id) };
      },
    );
  }

  /** Documents the follow-up and closes the task; the outcome is required (the schema refuses an empty one). */
  async resolve(auth: AuthContext, id: string, outcome: string) {
    this.staff(auth, 'clinical.write');
    const task = await this.taskOrMissing(auth, id, 'care_task.resolve');
    const audit = {
      action: 'care_task.resolve' as const,
      objectType: 'care_task',
      objectId: id,
      detail: { kind: task.kind, urgent: Boolean(Number(task.urgent)) },
    };
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      task.patient_id,
      'clinical.write',
      audit,
      async (trx) => {
        const done = await repo.resolveCareTask(trx, {
          id,
          by: auth.userId,
          at: this.ctx.clock.now().toISOString(),
          outcome,
        });
        if (!done) throw conflict('This care task has already been resolved.');
        return { task: await this.one(trx, id) };
      },
    );
  }
}
