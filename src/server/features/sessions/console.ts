import { safeSimulateExposure } from '../../../domain/exposure';
import { dischargeCheck } from '../../../domain/vitals';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { addendaOf } from '../courses/repository';
import { getPatient } from '../patients';
import { userNames } from '../users';
import { sessionOf } from './access';
import { monitorSessions, type SessionMonitoring } from './monitoring';
import * as repo from './repository';
import { pkRoute, sessionRuleSet } from './rules';

const EXPOSURE_CAVEAT =
  'Educational estimate from published population models — not a dosing tool and not a measured level.';

/** Everything the console screen shows, in one read (one audit entry). */
export class ConsoleService {
  constructor(private readonly ctx: AppContext) {}

  async state(auth: AuthContext, patientId: string, sessionId: string) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.read')) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'session.read', objectType: 'dosing_session', objectId: sessionId },
      async (trx) => {
        const s = await sessionOf(trx, patientId, sessionId);
        const patient = await getPatient(trx, patientId);
        if (!patient) throw notFound('patient');
        // Every entry, corrected ones included: the console shows each correction beside what it corrected.
        const rows = await repo.sessionEntries(trx, { sessionIds: [sessionId] });
        const correctedBy = repo.correctionsIn(rows);
        const names = await userNames(trx, [
          s.signed_by,
          s.hold_override ? (JSON.parse(s.hold_override) as { by: string }).by : null,
          s.dose_order ? (JSON.parse(s.dose_order) as { orderedBy: string }).orderedBy : null,
          ...rows.map((r) => r.recorded_by),
        ]);
        const now = this.ctx.clock.now().toISOString();
        const ruleSet = await sessionRuleSet(trx, s);
        const rules = ruleSet.rules;
        // What is due and what is a safety alert: the same computation as the board, the worklist and the chart
        // (the console's StatusStrip runs it again each second on the device).
        const watched = (await monitorSessions(trx, [s], now)).get(s.id) as SessionMonitoring;
        const vitals = watched.readings;
        const cadence = watched.monitoring.cadence;
        const next = watched.monitoring.due[0] ?? null;
        const order = s.dose_order
          ? (JSON.parse(s.dose_order) as Record<string, unknown> & { orderedBy: string })
          : null;
        const hold = s.hold ? (JSON.parse(s.hold) as { rules: never[]; since: string }) : null;
        const holdOverride = s.hold_override
          ? (JSON.parse(s.hold_override) as { by: string; reason: string; at: string })
          : null;
        const prev = await repo.previousDoses(trx, patientId, sessionId);
        const addenda = await addendaOf(trx, 'session', [sessionId]);
        const sedation = repo
          .liveEntries(rows, correctedBy)
          .filter((r) => r.kind === 'sedation')
          .at(-1);
        const discharge = s.first_dose_at
          ? dischargeCheck(
              {
                route: s.route as 'im',
                firstDoseAt: s.first_dose_at,
                now,
                baselineVitals: vitals.filter((v) => v.at <= (s.first_dose_at as string)).at(-1),
                latestVitals: vitals.at(-1),
                sedation: sedation ? (JSON.parse(sedation.data) as { moaas: 0 }).moaas : undefined,
              },
              { vitalRules: rules },
            )
          : null;
        return {
          session: {
            id: s.id,
            courseId: s.course_id,
            patientId,
            patientName: `${patient.first_name} ${patient.last_name}`,
            chartNumber: patient.chart_number,
            number: s.number,
            route: s.route,
            setting: s.setting,
            status: s.status,
            startedAt: s.started_at,
            firstDoseAt: s.first_dose_at,
            checklist: s.checklist ? JSON.parse(s.checklist) : null,
            weightKg: s.weight_kg,
            hold,
            holdOverride: holdOverride
              ? {
                  byName: names.get(holdOverride.by) ?? null,
                  reason: holdOverride.reason,
                  at: holdOverride.at,
                }
              : null,
            order: order
              ? { ...(order as Record<string, unknown>), orderedByName: names.get(order.orderedBy) ?? null }
              : null,
            discharge: s.discharge ? (JSON.parse(s.discharge) as Record<string, unknown>) : null,
            dischargedAt: s.discharged_at,
            narrative: s.narrative,
            signedAt: s.signed_at,
            signedByName: s.signed_by ? (names.get(s.signed_by) ?? null) : null,
            locked: Boolean(s.signed_at),
            version: s.version,
            ruleSet: { version: ruleSet.version, publishedAt: ruleSet.publishedAt },
          },
          readiness: JSON.parse(s.readiness),
          entries: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            at: r.at,
            data: JSON.parse(r.data) as Record<string, unknown>,
            alerts: JSON.parse(r.alerts),
            correctsId: r.corrects_id,
            correctedBy: correctedBy.get(r.id) ?? null,
            recordedBy: r.recorded_by,
            recordedByName: names.get(r.recorded_by) ?? null,
            recordedAt: r.recorded_at,
          })),
          previousDoses: prev.map((p) => {
            const o = JSON.parse(p.dose_order ?? '{}') as {
              mg?: number;
              mgPerKg?: number;
              bioavailableMg?: number;
            };
            return {
              sessionId: p.id,
              at: p.first_dose_at as string,
              route: p.route,
              mg: o.mg ?? 0,
              mgPerKg: o.mgPerKg ?? null,
              bioavailableMg: o.bioavailableMg ?? 0,
            };
          }),
          cadence: {
            nextLabel: next?.label ?? null,
            nextDueAt: next?.dueAt ?? null,
            minutesRemaining: next?.minutesRemaining ?? null,
            overdue: Boolean(watched.monitoring.overdue),
            minimumMonitoringMinutes: cadence.minimumMonitoringMinutes,
            minimumMetAt: s.first_dose_at ? cadence.minimumMetAt : null,
          },
          safety: watched.safety,
          rules: rules
            .filter((r) => r.phase !== 'home_check_in')
            .map((r) => ({
              id: r.id,
              vital: r.vital,
              comparator: r.comparator,
              value: r.value,
              level: r.level,
              phase: r.phase,
              recheckMinutes: r.recheckMinutes,
              basis: r.basis,
              source: r.source,
              ...(r.note ? { note: r.note } : {}),
            })),
          doseLimits: ruleSet.doseLimits.filter((l) => l.route === pkRoute(s.route)),
          discharge,
          addenda: addenda.map((a) => ({
            id: a.id,
            authorName: a.name ?? null,
            body: a.body,
            createdAt: a.created_at,
          })),
          permissions: {
            canOrder: auth.permissions.has('orders.sign'),
            canRun: auth.permissions.has('session.run'),
            canSign: auth.permissions.has('orders.sign'),
            canNarrate: auth.permissions.has('clinical.write'),
            canDraw: auth.permissions.has('ledger.write'),
          },
        };
      },
    );
  }

  /** The expected-exposure curve for the signed order, with "now" marked. An estimate, labelled as one. */
  async exposure(
    auth: AuthContext,
    patientId: string,
    sessionId: string,
    model: 'domino' | 'clements' | 'kamp',
  ) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.read')) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'session.exposure', objectType: 'dosing_session', objectId: sessionId },
      async (trx) => {
        const s = await sessionOf(trx, patientId, sessionId);
        if (!s.dose_order) throw new AppError('conflict', 'There is no signed dose order yet.');
        const o = JSON.parse(s.dose_order) as {
          mg: number;
          weightKg: number;
          infusionMinutes: number | null;
        };
        const route = pkRoute(s.route);
        const res = safeSimulateExposure({
          route,
          doseMg: o.mg,
          weightKg: o.weightKg,
          model,
          durationMin: 240,
          stepMin: 2,
          ...(route === 'iv' && o.infusionMinutes ? { infusionMinutes: o.infusionMinutes } : {}),
        });
        if (!res.ok)
          throw new AppError(
            'validation_failed',
            'The exposure model cannot use this order.',
            res.issues.map((i) => ({ field: i.field, message: i.message })),
          );
        const nowMinute = s.first_dose_at
          ? Math.max(0, (this.ctx.clock.now().getTime() - Date.parse(s.first_dose_at)) / 60_000)
          : null;
        return {
          estimate: true as const,
          caveat: `${EXPOSURE_CAVEAT} ${res.value.caveat}`,
          model: res.value.model,
          sources: res.value.sources,
          points: res.value.points.map((p) => ({
            minute: p.minute,
            mgPerL: Math.round(p.mgPerL * 10_000) / 10_000,
          })),
          peak: res.value.peak,
          nowMinute: nowMinute === null ? null : Math.round(nowMinute * 10) / 10,
        };
      },
    );
  }

  /** The prescriber's board: every session in progress, one glance each. */
  async active(auth: AuthContext) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.read')) throw forbidden();
    const rows = await repo.sessionsUnderWay(this.ctx.db, auth, this.ctx.clock.now().toISOString());
    const watched = await monitorSessions(this.ctx.db, rows, this.ctx.clock.now().toISOString());
    const out = [];
    for (const r of rows) {
      const w = watched.get(r.id) as SessionMonitoring;
      const last = w.readings.at(-1);
      out.push({
        id: r.id,
        patientId: r.patient_id,
        patientName: `${r.first_name} ${r.last_name}`,
        route: r.route,
        status: r.status,
        startedAt: r.started_at,
        firstDoseAt: r.first_dose_at,
        lastVitals: last
          ? {
              at: last.at,
              sbp: last.sbp ?? null,
              dbp: last.dbp ?? null,
              hr: last.hr ?? null,
              spo2: last.spo2 ?? null,
            }
          : null,
        openAlerts: w.alertReadings,
        hold: Boolean(r.hold),
        safety: w.safety,
      });
    }
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'session.board',
        objectType: 'dosing_session',
        detail: { sessions: out.length },
      }),
    );
    return { sessions: out };
  }
}
