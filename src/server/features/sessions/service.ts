import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type {
  administrationBody,
  checklistBody,
  dischargeBody,
  entryBody,
  orderBody,
} from '../../../contracts/sessions';
import {
  checkDeviceSpacing,
  checkDoseOrder,
  ESKETAMINE_SOURCE,
  isControlledRoute,
  productMisfit,
  safeNormaliseDose,
} from '../../../domain/dosing';
import {
  dischargeCheck,
  evaluateVitals,
  firedRuleRecord,
  type VitalReading,
  validateReading,
} from '../../../domain/vitals';
import { type Executor, isUniqueViolation } from '../../db/dialect';
import type { DosingSessionsTable } from '../../db/schema';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { evaluateReadiness } from '../courses/readiness';
import { LedgerService } from '../ledger/service';
import { visitFollowsSession } from '../scheduling/session-visit';
import { currentRuleSet, pkRoute, sessionRuleSet } from './rules';

type Perm = 'session.run' | 'orders.sign' | 'clinical.write' | 'clinical.read';
const CLOSED = ['discharged', 'signed'];

export const presentFired = firedRuleRecord;

/**
 * The dosing-session console's writes. Every entry is attributed and timestamped; entries are insert-only
 * (a correction is a new entry); a client-generated idempotency key makes a retried save land once.
 */
export class SessionsService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }
  private run<T>(
    auth: AuthContext,
    patientId: string,
    perm: Perm,
    action: AuditAction,
    objectId: string | undefined,
    fn: (trx: Executor) => Promise<T>,
  ) {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      perm,
      { action, objectType: 'dosing_session', ...(objectId ? { objectId } : {}) },
      fn,
    );
  }

  async session(trx: Executor, patientId: string, sessionId: string): Promise<DosingSessionsTable> {
    const s = await trx
      .selectFrom('dosing_sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .where('patient_id', '=', patientId)
      .executeTakeFirst();
    if (!s) throw notFound('session');
    return s;
  }

  private async open(trx: Executor, patientId: string, sessionId: string) {
    const s = await this.session(trx, patientId, sessionId);
    if (s.signed_at) throw conflict('This session is signed and locked. Add an addendum instead.');
    return s;
  }

  private async bump(trx: Executor, s: DosingSessionsTable, patch: Partial<DosingSessionsTable>) {
    await trx
      .updateTable('dosing_sessions')
      .set({ ...patch, version: s.version + 1, updated_at: this.now() })
      .where('id', '=', s.id)
      .execute();
  }

  async start(
    auth: AuthContext,
    patientId: string,
    courseId: string,
    overrides: { itemId: string; reason: string }[],
  ) {
    return this.run(auth, patientId, 'session.run', 'session.start', undefined, async (trx) => {
      const course = await trx
        .selectFrom('courses')
        .selectAll()
        .where('id', '=', courseId)
        .where('patient_id', '=', patientId)
        .executeTakeFirst();
      if (!course) throw notFound('course');
      if (course.status !== 'active') throw conflict('The course is not active.');
      const open = await trx
        .selectFrom('dosing_sessions')
        .select('id')
        .where('patient_id', '=', patientId)
        .where('status', 'not in', CLOSED)
        .executeTakeFirst();
      if (open) throw conflict('The patient already has a session in progress.', { sessionId: open.id });
      const readiness = await evaluateReadiness(trx, patientId, course, this.ctx.clock.now());
      const failing = readiness.items.filter((i) => !i.ok);
      const given = new Map(overrides.map((o) => [o.itemId, o.reason]));
      const problems: { field: string; message: string }[] = [];
      for (const item of failing) {
        if (!given.has(item.id))
          problems.push({ field: `overrides.${item.id}`, message: `${item.label}: ${item.detail}` });
        else if (!item.overridable)
          problems.push({
            field: `overrides.${item.id}`,
            message: `${item.label} cannot be overridden under this clinic's settings.`,
          });
        else if (!auth.permissions.has('orders.sign'))
          problems.push({
            field: `overrides.${item.id}`,
            message: 'Only a prescriber may override a readiness item.',
          });
      }
      if (problems.length)
        throw new AppError('conflict', 'The patient is not ready for a dosing session.', problems, {
          readiness: readiness.items,
        });
      const number =
        Number(
          (
            await trx
              .selectFrom('dosing_sessions')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('course_id', '=', courseId)
              .executeTakeFirstOrThrow()
          ).n,
        ) + 1;
      const id = randomUUID();
      const snapshot = readiness.items.map((i) => ({
        ...i,
        ...(given.has(i.id) && !i.ok ? { overriddenBy: auth.userId, overrideReason: given.get(i.id) } : {}),
      }));
      // The session keeps the clinic's current rules for its whole life (a later publish does not change them).
      const rules = await currentRuleSet(trx);
      await trx
        .insertInto('dosing_sessions')
        .values({
          id,
          course_id: courseId,
          patient_id: patientId,
          number,
          route: course.route,
          setting: course.setting,
          status: 'pre_dose',
          readiness: JSON.stringify(snapshot),
          checklist: null,
          weight_kg: null,
          hold: null,
          hold_override: null,
          dose_order: null,
          first_dose_at: null,
          discharge: null,
          discharged_at: null,
          narrative: null,
          rems: null,
          rems_submitted_at: null,
          signed_by: null,
          signed_at: null,
          started_by: auth.userId,
          started_at: this.now(),
          version: 1,
          updated_at: this.now(),
          rule_set_version: rules.version,
        })
        .execute();
      // The day's dosing visit follows its session: checked in now, in this transaction.
      await visitFollowsSession(
        trx,
        this.ctx.clock,
        auth,
        { id, patient_id: patientId, started_at: this.now() },
        'checked_in',
      );
      return { id };
    });
  }

  async checklist(
    auth: AuthContext,
    patientId: string,
    sessionId: string,
    body: z.infer<typeof checklistBody>,
  ) {
    return this.run(auth, patientId, 'session.run', 'session.checklist', sessionId, async (trx) => {
      const s = await this.open(trx, patientId, sessionId);
      if (s.first_dose_at) throw conflict('The dose was given: the pre-dose checklist is closed.');
      await this.bump(trx, s, { checklist: JSON.stringify(body), weight_kg: body.weightKg });
      return { ok: true as const };
    });
  }

  /** Monitoring entry (vitals, sedation, …). Rules are evaluated the moment a value is saved. */
  async addEntry(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof entryBody>) {
    return this.run(auth, patientId, 'session.run', 'session.entry', sessionId, async (trx) => {
      const existing = await trx
        .selectFrom('session_entries')
        .select(['id', 'session_id'])
        .where('idempotency_key', '=', body.idempotencyKey)
        .executeTakeFirst();
      if (existing) {
        if (existing.session_id !== sessionId)
          throw conflict('This idempotency key was used for another session.');
        return { id: existing.id, replayed: true, alerts: [] as ReturnType<typeof presentFired>[] };
      }
      const s = await this.open(trx, patientId, sessionId);
      if (s.status === 'discharged')
        throw conflict('The patient was discharged; record further notes as an addendum after signing.');
      if (body.correctsId) {
        const target = await trx
          .selectFrom('session_entries')
          .select(['id', 'kind'])
          .where('id', '=', body.correctsId)
          .where('session_id', '=', sessionId)
          .executeTakeFirst();
        if (!target)
          throw new AppError('validation_failed', 'Unknown entry', [
            { field: 'correctsId', message: 'No such entry in this session' },
          ]);
        if (target.kind !== body.entry.kind)
          throw new AppError('validation_failed', 'A correction must be of the same kind', [
            { field: 'correctsId', message: `The corrected entry is a ${target.kind} entry` },
          ]);
      }
      let alerts: ReturnType<typeof presentFired>[] = [];
      const at = body.at ? new Date(body.at).toISOString() : this.now();
      if (body.entry.kind === 'vitals') {
        const errors = validateReading({ ...body.entry.vitals, at });
        if (errors.length)
          throw new AppError(
            'validation_failed',
            errors.map((e) => e.message).join(' '),
            errors.map((e) => ({ field: `entry.vitals.${e.field}`, message: e.message })),
          );
        const phase = s.first_dose_at ? 'in_session' : 'pre_dose';
        const fired = evaluateVitals(
          { ...body.entry.vitals, at } as VitalReading,
          phase,
          (await sessionRuleSet(trx, s)).rules,
        );
        alerts = fired.map(presentFired);
        if (phase === 'pre_dose') {
          const holds = alerts.filter((a) => a.level === 'hold');
          // A hold stays until a re-check passes or a prescriber overrides it.
          if (holds.length) await this.bump(trx, s, { hold: JSON.stringify({ rules: holds, since: at }) });
          else if (s.hold && !body.correctsId) await this.bump(trx, s, { hold: null });
        }
      }
      const id = randomUUID();
      try {
        await trx
          .insertInto('session_entries')
          .values({
            id,
            session_id: sessionId,
            patient_id: patientId,
            kind: body.entry.kind,
            at,
            data: JSON.stringify(body.entry),
            alerts: JSON.stringify(alerts),
            corrects_id: body.correctsId ?? null,
            idempotency_key: body.idempotencyKey,
            recorded_by: auth.userId,
            recorded_at: this.now(),
          })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('This entry was already saved (same idempotency key).');
        throw err;
      }
      return { id, replayed: false, alerts };
    });
  }

  async overrideHold(auth: AuthContext, patientId: string, sessionId: string, reason: string) {
    return this.run(auth, patientId, 'orders.sign', 'session.hold_override', sessionId, async (trx) => {
      const s = await this.open(trx, patientId, sessionId);
      if (!s.hold) throw conflict('There is no pre-dose hold to override.');
      await this.bump(trx, s, {
        hold_override: JSON.stringify({
          by: auth.userId,
          reason,
          at: this.now(),
          rules: JSON.parse(s.hold).rules,
        }),
        hold: null,
      });
      return { ok: true as const };
    });
  }

  /** The prescriber's dose order, checked against the clinic's per-route limits, signed on acceptance. */
  async order(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof orderBody>) {
    return this.run(auth, patientId, 'orders.sign', 'session.order', sessionId, async (trx) => {
      const s = await this.open(trx, patientId, sessionId);
      if (s.first_dose_at) throw conflict('The dose was already given; the order cannot change.');
      if (!s.checklist || !s.weight_kg)
        throw conflict("Complete the pre-dose checklist (with today's weight) first.");
      if (s.hold)
        throw conflict(
          'A pre-dose hold is open: re-check the vitals or override the hold with a reason first.',
        );
      const route = pkRoute(s.route);
      const normal = safeNormaliseDose({
        route,
        weightKg: s.weight_kg,
        ...(body.mg !== undefined ? { mg: body.mg } : { mgPerKg: body.mgPerKg }),
      });
      if (!normal.ok)
        throw new AppError(
          'validation_failed',
          'Check the dose.',
          normal.issues.map((i) => ({ field: i.field, message: i.message })),
        );
      const prior = await trx
        .selectFrom('dosing_sessions')
        .select('id')
        .where('patient_id', '=', patientId)
        .where('route', '=', 'esketamine')
        .where('first_dose_at', 'is not', null)
        .executeTakeFirst();
      const check = checkDoseOrder(
        {
          route,
          weightKg: s.weight_kg,
          ...(body.mg !== undefined ? { mg: body.mg } : { mgPerKg: body.mgPerKg }),
          ...(body.infusionMinutes ? { infusionMinutes: body.infusionMinutes } : {}),
          ...(route === 'intranasal' ? { firstEsketamineDose: !prior } : {}),
        },
        (await sessionRuleSet(trx, s)).doseLimits,
      );
      if (!check.ok)
        throw new AppError(
          'validation_failed',
          check.errors.map((e) => e.message).join(' '),
          check.errors.map((e) => ({
            field: body.mg !== undefined ? 'mg' : 'mgPerKg',
            message: `${e.message} (${e.label}; ${e.source})`,
          })),
        );
      if (check.warnings.length && !body.acknowledgeWarnings) {
        throw new AppError(
          'conflict',
          'The order needs your acknowledgement.',
          check.warnings.map((w) => ({
            field: 'acknowledgeWarnings',
            message: `${w.message} (${w.label}; ${w.source})`,
          })),
          { warnings: check.warnings },
        );
      }
      const order = {
        route: s.route,
        mg: check.dose.mg,
        mgPerKg: check.dose.mgPerKg,
        weightKg: s.weight_kg,
        bioavailability: check.dose.bioavailability,
        bioavailableMg: check.dose.bioavailableMg,
        infusionMinutes: body.infusionMinutes ?? null,
        warnings: check.warnings.map((w) => ({ limitId: w.limitId, message: w.message, source: w.source })),
        orderedBy: auth.userId,
        signedAt: this.now(),
      };
      await this.bump(trx, s, { dose_order: JSON.stringify(order), status: 'dosing' });
      return order;
    });
  }

  async administer(
    auth: AuthContext,
    patientId: string,
    sessionId: string,
    body: z.infer<typeof administrationBody>,
  ) {
    return this.run(auth, patientId, 'session.run', 'session.administer', sessionId, async (trx) => {
      const existing = await trx
        .selectFrom('session_entries')
        .select(['id', 'session_id'])
        .where('idempotency_key', '=', body.idempotencyKey)
        .executeTakeFirst();
      if (existing) return { id: existing.id, replayed: true, warnings: [] as string[], wasteRequired: null };
      const s = await this.open(trx, patientId, sessionId);
      if (!s.dose_order) throw conflict('There is no signed dose order yet.');
      const order = JSON.parse(s.dose_order) as { mg: number };
      const given = await trx
        .selectFrom('session_entries')
        .select(['data', 'at', 'id'])
        .where('session_id', '=', sessionId)
        .where('kind', '=', 'administration')
        .orderBy('at')
        .execute();
      const corrected = new Set(
        (
          await trx
            .selectFrom('session_entries')
            .select('corrects_id')
            .where('session_id', '=', sessionId)
            .where('corrects_id', 'is not', null)
            .execute()
        ).map((r) => r.corrects_id),
      );
      const live = given
        .filter((g) => !corrected.has(g.id))
        .map((g) => ({ ...(JSON.parse(g.data) as { mg: number; phase: string }), at: g.at }));
      const total = live.filter((g) => g.phase !== 'infusion_stop').reduce((n, g) => n + g.mg, 0);
      const at = body.at ? new Date(body.at).toISOString() : this.now();
      if (body.phase !== 'infusion_stop' && total + body.mg > order.mg + 1e-9) {
        throw conflict(`This would give ${total + body.mg} mg; the signed order is ${order.mg} mg.`);
      }
      const warnings: string[] = [];
      if (s.route === 'esketamine') {
        if (body.phase !== 'device')
          throw new AppError('validation_failed', 'Record each nasal spray device separately.', [
            { field: 'phase', message: 'Use phase "device" for esketamine' },
          ]);
        const times = [...live.map((g) => g.at), at];
        const spacing = checkDeviceSpacing(times);
        if (!spacing.ok)
          throw new AppError(
            'validation_failed',
            `Devices must be at least 5 minutes apart (${ESKETAMINE_SOURCE}).`,
            [{ field: 'at', message: 'Less than 5 minutes after the previous device' }],
          );
      }
      // Drawing from a controlled-substance container happens in this same transaction: the dose and the
      // ledger entry commit together or not at all (DOMAIN §6, ADMINISTER linked to session and patient).
      const source = await this.doseSource(trx, auth, s.route, body);
      let wasteRequired: { containerId: string; quantityUg: number } | null = null;
      if (source.container) {
        const drawn = await new LedgerService(this.ctx).administer(
          auth,
          {
            containerId: source.container.id,
            locationId: source.container.location_id,
            quantityUg: Math.round(body.mg * 1000),
            patientId,
            sessionId,
          },
          trx,
        );
        wasteRequired = drawn.wasteRequired;
      }
      const c = source.container;
      const data = {
        kind: 'administration',
        mg: body.mg,
        site: body.site ?? null,
        // Lot and product as the ledger knows them when the dose came from a container; as typed otherwise.
        lot: c ? c.lot_number : (body.lot ?? null),
        product: c ? c.product_name : (body.product ?? null),
        form: c ? c.form : null,
        phase: body.phase,
        deviceNumber: body.deviceNumber ?? null,
        containerId: c ? c.id : null,
        containerLabel: c ? c.label : null,
        suppliedElsewhere: body.phase === 'infusion_stop' ? null : (body.suppliedElsewhere ?? null),
      };
      const id = randomUUID();
      await trx
        .insertInto('session_entries')
        .values({
          id,
          session_id: sessionId,
          patient_id: patientId,
          kind: 'administration',
          at,
          data: JSON.stringify(data),
          alerts: '[]',
          corrects_id: null,
          idempotency_key: body.idempotencyKey,
          recorded_by: auth.userId,
          recorded_at: this.now(),
        })
        .execute();
      if (!s.first_dose_at && body.phase !== 'infusion_stop')
        await this.bump(trx, s, { first_dose_at: at, status: 'monitoring' });
      return { id, replayed: false, warnings, wasteRequired };
    });
  }

  /**
   * Where a dose comes from. For a route whose product is a controlled substance (every course route), a
   * dose is drawn from a ledger container that fits the route, or the entry says explicitly that the product
   * was supplied elsewhere and by whom. Stopping an infusion draws nothing (its start drew the dose).
   */
  private async doseSource(
    trx: Executor,
    auth: AuthContext,
    route: string,
    body: z.infer<typeof administrationBody>,
  ) {
    if (body.phase === 'infusion_stop') return { container: null };
    if (body.containerId && body.suppliedElsewhere) {
      throw new AppError(
        'validation_failed',
        'A dose drawn from a container in the ledger was not supplied elsewhere: choose one of the two.',
        [
          {
            field: 'suppliedElsewhere',
            message: 'Leave this out when the dose is drawn from a container in the ledger',
          },
        ],
      );
    }
    if (!body.containerId) {
      if (!body.suppliedElsewhere && isControlledRoute(route)) {
        throw new AppError(
          'validation_failed',
          'Choose the container this dose is drawn from: ketamine and esketamine are controlled substances, and every dose is drawn from the ledger. If the clinic did not supply it, record who did.',
          [
            {
              field: 'containerId',
              message:
                'Choose the container the dose is drawn from, or record that the product was supplied elsewhere and by whom',
            },
          ],
        );
      }
      return { container: null };
    }
    if (!auth.permissions.has('ledger.write')) {
      throw new AppError(
        'forbidden',
        'Drawing a dose from controlled stock needs the permission to record ledger movements (a nurse has it).',
        [{ field: 'containerId', message: 'Your role does not record movements of controlled stock' }],
      );
    }
    const container = await trx
      .selectFrom('ledger_containers as c')
      .innerJoin('ledger_products as p', 'p.id', 'c.product_id')
      .innerJoin('ledger_lots as l', 'l.id', 'c.lot_id')
      .select([
        'c.id',
        'c.label',
        'c.location_id',
        'l.lot_number',
        'p.name as product_name',
        'p.form',
        'p.substance',
      ])
      .where('c.id', '=', body.containerId)
      .executeTakeFirst();
    if (!container)
      throw new AppError('validation_failed', 'Unknown container', [
        { field: 'containerId', message: 'No such container in the ledger' },
      ]);
    const misfit = productMisfit(route, {
      name: container.product_name,
      substance: container.substance,
      form: container.form,
    });
    if (misfit) throw new AppError('validation_failed', misfit, [{ field: 'containerId', message: misfit }]);
    return { container };
  }

  async discharge(
    auth: AuthContext,
    patientId: string,
    sessionId: string,
    body: z.infer<typeof dischargeBody>,
  ) {
    return this.run(auth, patientId, 'session.run', 'session.discharge', sessionId, async (trx) => {
      const s = await this.open(trx, patientId, sessionId);
      if (!s.first_dose_at)
        throw conflict(
          'No dose was given: end the session without discharge criteria is not supported; record why as an observation.',
        );
      if (s.discharged_at) throw conflict('Already discharged.');
      const vitals = await this.vitalsOf(trx, sessionId);
      const sedation = await this.latest(trx, sessionId, 'sedation');
      const result = dischargeCheck(
        {
          route: s.route as 'im',
          firstDoseAt: s.first_dose_at,
          now: new Date(body.readyToLeaveAt).toISOString(),
          baselineVitals: vitals.filter((v) => v.at <= (s.first_dose_at as string)).at(-1),
          latestVitals: vitals.at(-1),
          sedation: sedation
            ? ((sedation as { moaas: number }).moaas as 0)
            : body.sedationResolved
              ? 5
              : undefined,
          dissociationResolved: body.dissociationResolved,
          oriented: body.oriented,
          walksSafely: body.walksSafely,
          escortName: body.escortName,
          acknowledgedNoDriving: body.acknowledgedNoDriving,
        },
        { vitalRules: (await sessionRuleSet(trx, s)).rules },
      );
      if (!result.ready) {
        throw new AppError(
          'conflict',
          'The patient does not meet the discharge criteria yet.',
          result.items.filter((i) => !i.ok).map((i) => ({ field: i.id, message: i.message })),
          { items: result.items },
        );
      }
      const minutes = Math.floor((Date.parse(body.readyToLeaveAt) - Date.parse(s.first_dose_at)) / 60_000);
      await this.bump(trx, s, {
        discharge: JSON.stringify({
          ...body,
          totalMonitoringMinutes: minutes,
          items: result.items,
          by: auth.userId,
        }),
        discharged_at: new Date(body.readyToLeaveAt).toISOString(),
        status: 'discharged',
      });
      // The patient has left: the visit is completed with the discharge, not left "checked in".
      await visitFollowsSession(trx, this.ctx.clock, auth, s, 'completed');
      return { ok: true as const, totalMonitoringMinutes: minutes };
    });
  }

  async narrative(auth: AuthContext, patientId: string, sessionId: string, text: string) {
    return this.run(auth, patientId, 'clinical.write', 'session.narrative', sessionId, async (trx) => {
      const s = await this.open(trx, patientId, sessionId);
      await this.bump(trx, s, { narrative: text });
      return { ok: true as const };
    });
  }

  async sign(auth: AuthContext, patientId: string, sessionId: string) {
    return this.run(auth, patientId, 'orders.sign', 'session.sign', sessionId, async (trx) => {
      const s = await this.open(trx, patientId, sessionId);
      if (!s.discharged_at) throw conflict('Discharge the patient before signing the session.');
      await this.bump(trx, s, { signed_by: auth.userId, signed_at: this.now(), status: 'signed' });
      await visitFollowsSession(trx, this.ctx.clock, auth, s, 'completed');
      return { ok: true as const };
    });
  }

  async addendum(auth: AuthContext, patientId: string, sessionId: string, body: string) {
    return this.run(auth, patientId, 'clinical.write', 'session.addendum', sessionId, async (trx) => {
      const s = await this.session(trx, patientId, sessionId);
      if (!s.signed_at) throw conflict('The session is not signed yet: record it directly.');
      await trx
        .insertInto('addenda')
        .values({
          id: randomUUID(),
          target_type: 'session',
          target_id: sessionId,
          patient_id: patientId,
          author_id: auth.userId,
          body,
          created_at: this.now(),
        })
        .execute();
      return { ok: true as const };
    });
  }

  async markRemsSubmitted(auth: AuthContext, patientId: string, sessionId: string) {
    return this.run(auth, patientId, 'orders.sign', 'session.rems_submitted', sessionId, async (trx) => {
      const s = await this.session(trx, patientId, sessionId);
      if (s.route !== 'esketamine') throw conflict('Only esketamine sessions have a REMS record.');
      if (!s.discharged_at) throw conflict('Complete the session first.');
      if (s.rems_submitted_at) throw conflict('Already marked submitted.');
      await this.bump(trx, s, { rems_submitted_at: this.now() });
      return { ok: true as const };
    });
  }

  /** Vital-sign readings in time order, corrections applied (a corrected entry is replaced by its correction). */
  async vitalsOf(trx: Executor, sessionId: string): Promise<(VitalReading & { at: string })[]> {
    const rows = await trx
      .selectFrom('session_entries')
      .select(['id', 'at', 'data', 'corrects_id'])
      .where('session_id', '=', sessionId)
      .where('kind', '=', 'vitals')
      .orderBy('at')
      .execute();
    const corrected = new Set(rows.map((r) => r.corrects_id).filter(Boolean));
    return rows
      .filter((r) => !corrected.has(r.id))
      .map((r) => ({ ...(JSON.parse(r.data) as { vitals: VitalReading }).vitals, at: r.at }));
  }

  private async latest(
    trx: Executor,
    sessionId: string,
    kind: string,
  ): Promise<Record<string, unknown> | null> {
    const rows = await trx
      .selectFrom('session_entries')
      .select(['id', 'data', 'corrects_id'])
      .where('session_id', '=', sessionId)
      .where('kind', '=', kind)
      .orderBy('at', 'desc')
      .orderBy('recorded_at', 'desc')
      .execute();
    const corrected = new Set(rows.map((r) => r.corrects_id).filter(Boolean));
    const r = rows.find((x) => !corrected.has(x.id));
    return r ? (JSON.parse(r.data) as Record<string, unknown>) : null;
  }
}
