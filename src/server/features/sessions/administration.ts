import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { administrationBody, orderBody } from '../../../contracts/sessions';
import {
  checkDeviceSpacing,
  checkDoseOrder,
  ESKETAMINE_SOURCE,
  isControlledRoute,
  productMisfit,
  safeNormaliseDose,
} from '../../../domain/dosing';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { LedgerService } from '../ledger';
import { refreshCourseOutcomes } from '../outcomes';
import { bumpSession, onSession, unlockedSession } from './access';
import * as repo from './repository';
import { pkRoute, sessionRuleSet } from './rules';

/**
 * The dose: the prescriber's signed order, checked against the clinic's limits, and each administration
 * against it, drawn from controlled stock in the ledger in the same transaction.
 */
export class AdministrationService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /** The prescriber's dose order, checked against the clinic's per-route limits, signed on acceptance. */
  async order(auth: AuthContext, patientId: string, sessionId: string, body: z.infer<typeof orderBody>) {
    return onSession(this.ctx, auth, patientId, 'orders.sign', 'session.order', sessionId, async (trx) => {
      const s = await unlockedSession(trx, patientId, sessionId);
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
      const prior = await repo.earlierEsketamineDose(trx, patientId);
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
      await bumpSession(trx, s, { dose_order: JSON.stringify(order), status: 'dosing' }, this.now());
      return order;
    });
  }

  async administer(
    auth: AuthContext,
    patientId: string,
    sessionId: string,
    body: z.infer<typeof administrationBody>,
  ) {
    return onSession(
      this.ctx,
      auth,
      patientId,
      'session.run',
      'session.administer',
      sessionId,
      async (trx) => {
        const existing = await repo.entryByIdempotencyKey(trx, body.idempotencyKey);
        if (existing)
          return { id: existing.id, replayed: true, warnings: [] as string[], wasteRequired: null };
        const s = await unlockedSession(trx, patientId, sessionId);
        if (!s.dose_order) throw conflict('There is no signed dose order yet.');
        const order = JSON.parse(s.dose_order) as { mg: number };
        const given = await repo.sessionEntries(trx, { sessionIds: [sessionId], kinds: ['administration'] });
        const live = repo
          .liveEntries(given)
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
          const drawn = await serviceOf(this.ctx, LedgerService).administer(
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
        await repo.insertEntry(trx, {
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
        });
        if (!s.first_dose_at && body.phase !== 'infusion_stop') {
          await bumpSession(trx, s, { first_dose_at: at, status: 'monitoring' }, this.now());
          // A dose given: the course's start, dose and site on the outcomes dashboard.
          await refreshCourseOutcomes(trx, patientId, this.now());
        }
        return { id, replayed: false, warnings, wasteRequired };
      },
    );
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
    const container = await repo.doseContainer(trx, body.containerId);
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
}
