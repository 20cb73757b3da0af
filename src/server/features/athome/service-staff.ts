import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { atHomeOrderBody, createAtHomeBody } from '../../../contracts/athome';
import type { AuditAction } from '../../../contracts/audit-actions';
import { type AtHomeState, BEFORE_DOSE, transition } from '../../../domain/athome';
import { checkDoseOrder, DoseInputError, productMisfit } from '../../../domain/dosing';
import type { PkModelId } from '../../../domain/exposure';
import type { Executor } from '../../db/dialect';
import type { PatientsTable } from '../../db/schema';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { Permission } from '../../platform/permissions';
import { withPatient } from '../../platform/scope';
import { serviceOf } from '../../platform/services';
import { CoursesService, evaluateReadiness } from '../courses';
import { findProduct } from '../ledger';
import { currentRuleSet, ruleSetByVersion } from '../rules';
import { getAppointment } from '../scheduling';
import { userNames } from '../users';
import { exposureOf } from './exposure';
import {
  actionsOf,
  type OrderDetail,
  peopleOf,
  presentEvent,
  presentSession,
  presentSessions,
  presentTask,
  recordSignatureOf,
} from './present';
import * as repo from './repository';
import { type Actor, AtHomeCore, type AuditDetail } from './service';
import { supplyOf } from './service-supply';

/** Readiness items checked when the go is given rather than when the session is booked. */
const CHECKED_AT_GO = new Set(['no_open_safety_task', 'measures_before_dosing']);

/**
 * The care team's side of an at-home session: book it on an at-home course, sign the order, read the
 * timeline, give the go, hold, note, close, and work its escalations. Every method goes through withPatient:
 * the permission, the object-level scope and exactly one audit entry.
 */
export class AtHomeStaffService {
  readonly core: AtHomeCore;
  constructor(private readonly ctx: AppContext) {
    this.core = new AtHomeCore(ctx);
  }

  run<T>(
    auth: AuthContext,
    patientId: string,
    perm: Permission,
    action: AuditAction,
    objectId: string | undefined,
    fn: (trx: Executor, patient: PatientsTable, detail: AuditDetail, actor: Actor) => Promise<T>,
  ): Promise<T> {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
    // The entry's detail is filled in by the work (an escalation it opened, the outcome), then written.
    const detail: AuditDetail = {};
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      perm,
      { action, objectType: 'at_home_session', ...(objectId ? { objectId } : {}), detail },
      (trx, patient) => fn(trx, patient, detail, { kind: 'staff', id: auth.userId }),
    );
  }

  async view(trx: Executor, s: repo.SessionRow) {
    const [cfg, names, tasks] = await Promise.all([
      this.core.config(trx),
      userNames(trx, peopleOf(s)),
      repo.tasksOfSession(trx, s.id),
    ]);
    const open = tasks.filter((t) => Number(t.urgent) === 1 && t.state !== 'resolved').length;
    return { out: presentSession(s, cfg, names, this.core.now(), open), tasks };
  }

  async detail(trx: Executor, s: repo.SessionRow, patient: PatientsTable) {
    const { out, tasks } = await this.view(trx, s);
    const events = await repo.eventsOf(trx, s.id);
    return {
      ...out,
      patientName: `${patient.preferred_name ?? patient.first_name} ${patient.last_name}`,
      chartNumber: patient.chart_number,
      events: events.map(presentEvent),
      tasks: tasks.map(presentTask),
      exposureInputs: out.order
        ? {
            route: 'sublingual' as const,
            doseMg: out.order.mg,
            weightKg: out.order.weightKg,
            doseTakenAt: s.dose_taken_at,
          }
        : null,
      actions: actionsOf(s),
      recordSigned: recordSignatureOf(events),
    };
  }

  create(auth: AuthContext, patientId: string, body: z.infer<typeof createAtHomeBody>) {
    return this.run(
      auth,
      patientId,
      'session.run',
      'athome.create',
      undefined,
      async (trx, patient, detail) => {
        const course = await serviceOf(this.ctx, CoursesService)
          .course(trx, patientId, body.courseId)
          .catch(() => null);
        if (!course) throw invalid('courseId', 'No course of this patient has this id.');
        if (course.setting !== 'at_home' || course.route !== 'sublingual')
          throw invalid('courseId', 'This course is not an at-home sublingual course.');
        if (course.status !== 'active') throw invalid('courseId', 'The course is not active.');
        if (body.appointmentId) {
          const visit = await getAppointment(trx, body.appointmentId);
          if (!visit || visit.patient_id !== patientId)
            throw invalid('appointmentId', 'No visit of this patient has this id.');
        }
        const readiness = await evaluateReadiness(trx, patientId, course, this.ctx.clock.now());
        const given = new Map(body.overrides.map((o) => [o.itemId, o.reason]));
        const problems: { field: string; message: string }[] = [];
        for (const item of readiness.items.filter((i) => !i.ok && !CHECKED_AT_GO.has(i.id))) {
          const field = `overrides.${item.id}`;
          if (!given.has(item.id)) problems.push({ field, message: `${item.label}: ${item.detail}` });
          else if (!item.overridable)
            problems.push({
              field,
              message: `${item.label} cannot be overridden under this clinic's settings.`,
            });
          else if (!auth.permissions.has('orders.sign'))
            problems.push({ field, message: 'Only a prescriber may override a readiness item.' });
        }
        if (problems.length)
          throw new AppError('conflict', 'The patient is not ready for an at-home session.', problems, {
            readiness: readiness.items,
          });
        const now = this.core.now();
        const id = randomUUID();
        const row: repo.SessionRow = {
          ...repo.EMPTY_SESSION,
          id,
          patient_id: patientId,
          course_id: course.id,
          appointment_id: body.appointmentId ?? null,
          number: await repo.nextSessionNumber(trx, course.id),
          starts_at: new Date(body.startsAt).toISOString(),
          state: 'scheduled',
          rule_set_version: (await currentRuleSet(trx)).version,
          created_by: auth.userId,
          created_at: now,
          updated_at: now,
        };
        await repo.insertSession(trx, row);
        await this.core.event(trx, row, { kind: 'staff', id: auth.userId }, 'booked', {
          data: { startsAt: row.starts_at, overrides: [...given.keys()] },
        });
        detail.sessionId = id;
        return this.detail(trx, row, patient);
      },
    );
  }

  list(auth: AuthContext, patientId: string) {
    return this.run(auth, patientId, 'clinical.read', 'athome.list', undefined, async (trx) => {
      const rows = await repo.sessionsOfPatient(trx, patientId);
      return { sessions: await presentSessions(trx, rows, this.core.now()) };
    });
  }

  read(auth: AuthContext, patientId: string, id: string) {
    return this.run(auth, patientId, 'clinical.read', 'athome.read', id, async (trx, patient) =>
      this.detail(trx, await this.core.load(trx, patientId, id), patient),
    );
  }

  /** The same expected-exposure estimate as the clinic console, for the order's sublingual dose. */
  exposure(auth: AuthContext, patientId: string, id: string, model: PkModelId) {
    return this.run(auth, patientId, 'clinical.read', 'athome.exposure', id, async (trx) =>
      exposureOf(await this.core.load(trx, patientId, id), this.ctx.clock.now(), model),
    );
  }

  /** The prescriber's order: troches of a dispensed product, checked against the clinic's sublingual limits. */
  signOrder(auth: AuthContext, patientId: string, id: string, body: z.infer<typeof atHomeOrderBody>) {
    return this.run(
      auth,
      patientId,
      'orders.sign',
      'athome.order',
      id,
      async (trx, patient, detail, actor) => {
        let s = await this.core.load(trx, patientId, id);
        if (!['scheduled', 'checking_in', 'recheck', 'held', 'awaiting_go'].includes(s.state))
          throw conflict('The order cannot change once the go has been given or the session has ended.');
        const product = await findProduct(trx, body.productId);
        if (!product) throw invalid('productId', 'No such product.');
        const misfit = productMisfit('sublingual', product);
        if (misfit || !product.unit_strength_ug)
          throw invalid('productId', misfit ?? 'The product has no strength per troche.');
        const mg = Math.round(body.troches * Number(product.unit_strength_ug)) / 1000;
        if (body.mg !== undefined && Math.abs(body.mg - mg) > 0.0005)
          throw invalid(
            'mg',
            `${body.troches} × ${Number(product.unit_strength_ug) / 1000} mg is ${mg} mg, not ${body.mg} mg.`,
          );
        const weightKg = body.weightKg ?? patient.weight_kg;
        if (!weightKg) throw invalid('weightKg', 'The chart has no weight: enter today’s weight.');
        const rules = (await ruleSetByVersion(trx, s.rule_set_version)) ?? (await currentRuleSet(trx));
        let check: ReturnType<typeof checkDoseOrder>;
        try {
          check = checkDoseOrder({ route: 'sublingual', mg, weightKg: Number(weightKg) }, rules.doseLimits);
        } catch (err) {
          if (err instanceof DoseInputError)
            throw new AppError(
              'validation_failed',
              'Check the dose.',
              err.issues.map((i) => ({ field: i.field, message: i.message })),
            );
          throw err;
        }
        if (!check.ok)
          throw new AppError(
            'validation_failed',
            check.errors.map((e) => e.message).join(' '),
            check.errors.map((e) => ({
              field: 'troches',
              message: `${e.message} (${e.label}; ${e.source})`,
            })),
          );
        const warnings = check.warnings.map((w) => ({
          limitId: w.limitId,
          message: w.message,
          source: w.source,
        }));
        const supply = await supplyOf(trx, patientId);
        if (supply.expected < body.troches)
          warnings.push({
            limitId: 'take_home_supply',
            message: `The patient should hold ${supply.expected} troche(s) (dispensed ${supply.dispensed}, taken ${supply.taken}, disposed of ${supply.disposed}); this order needs ${body.troches}. Dispense through the ledger first.`,
            source: 'Take-home supply reconciliation (DOMAIN §9)',
          });
        if (warnings.length && !body.acknowledgeWarnings)
          throw new AppError(
            'conflict',
            'The order needs your acknowledgement.',
            warnings.map((w) => ({ field: 'acknowledgeWarnings', message: w.message })),
            { warnings },
          );
        const order: OrderDetail = {
          weightKg: Number(weightKg),
          mgPerKg: check.dose.mgPerKg,
          bioavailability: check.dose.bioavailability,
          bioavailableMg: check.dose.bioavailableMg,
          productName: product.name,
          warnings,
        };
        s = await this.core.save(trx, s, {
          order_mg: mg,
          order_troches: body.troches,
          order_product_id: product.id,
          order_lot_number: body.lotNumber ?? null,
          order_detail: JSON.stringify(order),
          order_signed_by: auth.userId,
          order_signed_at: this.core.now(),
        });
        await this.core.event(trx, s, actor, 'order_signed', {
          data: { mg, troches: body.troches, productId: product.id },
        });
        // A clean check-in that waited only for the order goes now, when the clinic lets the rules give the go.
        if (s.state === 'awaiting_go') s = (await this.core.decide(trx, s, actor, detail)).session;
        return this.detail(trx, s, patient);
      },
    );
  }

  go(auth: AuthContext, patientId: string, id: string, reason: string | undefined) {
    return this.run(auth, patientId, 'session.run', 'athome.go', id, async (trx, patient, _d, actor) => {
      let s = await this.core.load(trx, patientId, id);
      if (s.state === 'held' && !auth.permissions.has('orders.sign'))
        throw forbidden('Only a prescriber may lift a hold.');
      if (s.state === 'held' && !reason) throw invalid('reason', 'Say why the hold is lifted.');
      const t = transition(s.state as AtHomeState, 'clinician_go');
      if (!t.ok) throw conflict(t.reason, { state: s.state });
      if (await this.core.openUrgentSafetyTask(trx, s))
        throw conflict('An urgent safety task is open for this patient: no go until a clinician clears it.');
      if (!s.order_signed_at) throw conflict('The prescriber has not signed the order for this session yet.');
      const decision = await this.core.evaluate(trx, s);
      if (decision.missing.length)
        throw conflict(`The check-in is not complete: ${decision.missing.join(', ')} still to do.`, {
          missing: decision.missing,
        });
      s = await this.core.move(trx, s, 'clinician_go', {
        go_at: this.core.now(),
        go_by: auth.userId,
        go_kind: 'clinician',
        go_reason: reason ?? null,
      });
      await this.core.event(trx, s, actor, 'go', { note: reason ?? null, data: { by: 'clinician' } });
      return this.detail(trx, s, patient);
    });
  }

  hold(auth: AuthContext, patientId: string, id: string, reason: string) {
    return this.run(auth, patientId, 'session.run', 'athome.hold', id, async (trx, patient, _d, actor) => {
      let s = await this.core.load(trx, patientId, id);
      s = await this.core.move(trx, s, 'clinician_hold', {
        hold_at: this.core.now(),
        hold_by: auth.userId,
        hold_kind: 'clinician',
        hold_reason: reason,
      });
      await this.core.event(trx, s, actor, 'hold', { note: reason, data: { by: 'clinician' } });
      return this.detail(trx, s, patient);
    });
  }

  note(auth: AuthContext, patientId: string, id: string, text: string) {
    return this.run(auth, patientId, 'clinical.write', 'athome.note', id, async (trx, patient, _d, actor) => {
      const s = await this.core.load(trx, patientId, id);
      await this.core.event(trx, s, actor, 'note', { note: text });
      return this.detail(trx, s, patient);
    });
  }

  /** Closes the session with a reason at any time (after check-out, or not taken, or abandoned); the sitter's link expires. */
  close(auth: AuthContext, patientId: string, id: string, reason: string) {
    return this.run(auth, patientId, 'session.run', 'athome.close', id, async (trx, patient, _d, actor) => {
      let s = await this.core.load(trx, patientId, id);
      const beforeDose = BEFORE_DOSE.includes(s.state as never);
      s = await this.core.move(trx, s, 'close', {
        closed_at: this.core.now(),
        closed_by: auth.userId,
        close_reason: reason,
        sitter_invite_hash: null,
        sitter_access_hash: null,
      });
      await this.core.event(trx, s, actor, 'close', {
        note: reason,
        data: { beforeDose },
      });
      return this.detail(trx, s, patient);
    });
  }

  /** Acknowledge (on it) or resolve (with the outcome) an escalation or a supply task. */
  task(auth: AuthContext, patientId: string, taskId: string, outcome: string | null) {
    const action = outcome === null ? 'athome.task_acknowledge' : 'athome.task_resolve';
    return this.run(auth, patientId, 'session.run', action, taskId, async (trx, _p, detail, actor) => {
      const t = await repo.findTask(trx, patientId, taskId);
      if (!t) throw notFound('task');
      const now = this.core.now();
      const moved =
        outcome === null
          ? await repo.updateTask(trx, t.id, ['open'], {
              state: 'acknowledged',
              acknowledged_by: auth.userId,
              acknowledged_at: now,
            })
          : await repo.updateTask(trx, t.id, ['open', 'acknowledged'], {
              state: 'resolved',
              resolved_by: auth.userId,
              resolved_at: now,
              outcome,
              ...(t.acknowledged_at ? {} : { acknowledged_by: auth.userId, acknowledged_at: now }),
            });
      if (!moved)
        throw conflict(outcome === null ? 'This task is no longer open.' : 'This task is already resolved.', {
          state: t.state,
        });
      detail.taskId = t.id;
      if (t.session_id)
        await this.core.event(
          trx,
          { id: t.session_id, patient_id: patientId },
          actor,
          outcome === null ? 'acknowledged' : 'resolved',
          {
            itemKey: t.task_key,
            note: outcome,
            data: { taskId: t.id },
          },
        );
      return presentTask((await repo.findTask(trx, patientId, taskId)) as repo.TaskWithNames);
    });
  }
}
