import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { safetyTaskQuery } from '../../../contracts/measures';
import type { RaisedFlag } from '../../../domain/instruments';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { DefinitionCache } from './catalogue';
import { listVisibleSafetyTasks } from './cross-patient-repository';
import { presentSafetyTask } from './present';
import * as repo from './repository';

/**
 * Safety tasks (DOMAIN §4 safety triggers): PHQ-9 item 9 > 0, a positive ASQ, or an imported instrument's
 * declared urgent/emergency flag opens a task for the patient's clinicians. It stays open, on top of the
 * worklist, until a clinician documents the follow-up; until then hasOpenSafetyTask() is true and the
 * patient is not cleared for dosing. Tasks are never deleted or reopened; `info` flags raise no task.
 */
export async function raiseSafetyTasks(
  trx: Executor,
  p: { patientId: string; responseId: string; instrumentId: string; flags: RaisedFlag[]; now: string },
): Promise<repo.SafetyTaskRow[]> {
  const rows: repo.SafetyTaskRow[] = p.flags
    .filter((f) => f.level === 'urgent' || f.level === 'emergency')
    .map((f) => ({
      id: randomUUID(),
      patient_id: p.patientId,
      response_id: p.responseId,
      instrument_id: p.instrumentId,
      flag_code: f.code,
      level: f.level,
      message: f.message,
      source: f.source,
      created_at: p.now,
      status: 'open',
      resolved_by: null,
      resolved_at: null,
      follow_up: null,
    }));
  return repo.insertSafetyTasks(trx, rows);
}

export class SafetyService {
  constructor(private readonly ctx: AppContext) {}

  private staff(auth: AuthContext, perm: 'clinical.read' | 'clinical.write') {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
  }

  private async present(db: Executor, rows: repo.SafetyTaskListRow[]) {
    const defs = new DefinitionCache(db);
    const out = [];
    for (const t of rows)
      out.push(presentSafetyTask(t, (await defs.get(t.instrument_id))?.def.name ?? t.instrument_id));
    return out;
  }

  /** Open tasks across patients (the worklist's top), or one patient's tasks. */
  async list(auth: AuthContext, q: z.infer<typeof safetyTaskQuery>) {
    this.staff(auth, 'clinical.read');
    const status = q.status === 'all' ? undefined : q.status;
    if (q.patientId) {
      const patientId = q.patientId;
      return withPatient(
        this.ctx.db,
        this.ctx.clock,
        auth,
        patientId,
        'clinical.read',
        { action: 'safety_tasks.read' },
        async (trx) => ({
          tasks: await this.present(
            trx,
            await repo.listSafetyTasks(trx, { status, patientId, limit: q.limit }),
          ),
        }),
      );
    }
    return this.ctx.db.transaction().execute(async (trx) => {
      // Tasks of confidential records the user may not open are left out (platform/confidential.ts).
      const rows = await listVisibleSafetyTasks(trx, status, q.limit, (column) =>
        mayOpenSql(auth, this.ctx.clock.now().toISOString(), column),
      );
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'safety_tasks.list',
        objectType: 'measure_safety_task',
        detail: {
          status: q.status,
          results: rows.length,
          patients: new Set(rows.map((r) => r.patient_id)).size,
        },
      });
      return { tasks: await this.present(trx, rows) };
    });
  }

  /** Documents the follow-up and closes the task; a note is required (the schema refuses an empty one). */
  async resolve(auth: AuthContext, id: string, followUp: string) {
    this.staff(auth, 'clinical.write');
    const task = await repo.getSafetyTask(this.ctx.db, id);
    if (!task) {
      await this.ctx.db.transaction().execute((trx) =>
        appendAudit(trx, this.ctx.clock, auth, {
          action: 'safety_task.resolve',
          outcome: 'failed',
          objectType: 'measure_safety_task',
          objectId: id,
          detail: { error: 'not_found' },
        }),
      );
      throw notFound('safety task');
    }
    const audit = { action: 'safety_task.resolve' as const, objectType: 'measure_safety_task', objectId: id };
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      task.patient_id,
      'clinical.write',
      audit,
      async (trx) => {
        const done = await repo.resolveSafetyTask(
          trx,
          id,
          auth.userId,
          this.ctx.clock.now().toISOString(),
          followUp,
        );
        if (!done) throw conflict('This safety task has already been resolved.');
        const [row] = await repo.listSafetyTasks(trx, { id, limit: 1 });
        const [task] = await this.present(trx, row ? [row] : []);
        if (!task) throw notFound('safety task');
        return { task, openSafetyTask: await repo.hasOpenSafetyTask(trx, task.patient.id) };
      },
    );
  }
}
