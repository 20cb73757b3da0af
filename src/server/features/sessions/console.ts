import { safeSimulateExposure } from '../../../domain/exposure';
import { dischargeCheck } from '../../../domain/vitals';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { monitorSessions, type SessionMonitoring } from './monitoring';
import { pkRoute, sessionRuleSet } from './rules';
import { SessionsService } from './service';

const EXPOSURE_CAVEAT =
  'Educational estimate from published population models — not a dosing tool and not a measured level.';

/** Everything the console screen shows, in one read (one audit entry). */
export class ConsoleService {
  private readonly sessions: SessionsService;
  constructor(private readonly ctx: AppContext) {
    this.sessions = new SessionsService(ctx);
  }

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
        const s = await this.sessions.session(trx, patientId, sessionId);
        const patient = await trx
          .selectFrom('patients')
          .select(['first_name', 'last_name', 'chart_number'])
          .where('id', '=', patientId)
          .executeTakeFirstOrThrow();
        const rows = await trx
          .selectFrom('session_entries as e')
          .leftJoin('users as u', 'u.id', 'e.recorded_by')
          .select([
            'e.id',
            'e.kind',
            'e.at',
            'e.data',
            'e.alerts',
            'e.corrects_id',
            'e.recorded_by',
            'e.recorded_at',
            'u.name',
          ])
          .where('e.session_id', '=', sessionId)
          .orderBy('e.at')
          .orderBy('e.recorded_at')
          .execute();
        const correctedBy = new Map(
          rows.filter((r) => r.corrects_id).map((r) => [r.corrects_id as string, r.id]),
        );
        const names = await this.names(trx, [
          s.signed_by,
          s.hold_override ? (JSON.parse(s.hold_override) as { by: string }).by : null,
          s.dose_order ? (JSON.parse(s.dose_order) as { orderedBy: string }).orderedBy : null,
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
        const prev = await trx
          .selectFrom('dosing_sessions')
          .select(['id', 'first_dose_at', 'route', 'dose_order'])
          .where('patient_id', '=', patientId)
          .where('id', '!=', sessionId)
          .where('first_dose_at', 'is not', null)
          .orderBy('first_dose_at', 'desc')
          .limit(10)
          .execute();
        const addenda = await trx
          .selectFrom('addenda as a')
          .leftJoin('users as u', 'u.id', 'a.author_id')
          .select(['a.id', 'a.body', 'a.created_at', 'u.name'])
          .where('a.target_type', '=', 'session')
          .where('a.target_id', '=', sessionId)
          .orderBy('a.created_at')
          .execute();
        const sedation = rows.filter((r) => r.kind === 'sedation' && !correctedBy.has(r.id)).at(-1);
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
            recordedByName: r.name ?? null,
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
        const s = await this.sessions.session(trx, patientId, sessionId);
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
    const rows = await this.ctx.db
      .selectFrom('dosing_sessions as s')
      .innerJoin('patients as p', 'p.id', 's.patient_id')
      .select([
        's.id',
        's.patient_id',
        's.route',
        's.status',
        's.started_at',
        's.first_dose_at',
        's.hold',
        's.rule_set_version',
        'p.first_name',
        'p.last_name',
      ])
      .where('s.status', 'not in', ['discharged', 'signed'])
      // A confidential record the user may not open stays off the board (platform/confidential.ts).
      .where(mayOpenSql(auth, this.ctx.clock.now().toISOString(), 's.patient_id'))
      .orderBy('s.started_at')
      .execute();
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

  private async names(trx: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
    const list = ids.filter((x): x is string => Boolean(x));
    if (!list.length) return new Map();
    const rows = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', list).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
