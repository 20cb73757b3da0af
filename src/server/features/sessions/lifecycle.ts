import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { checklistBody, dischargeBody } from '../../../contracts/sessions';
import { dischargeCheck } from '../../../domain/vitals';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, notFound } from '../../platform/errors';
import { evaluateReadiness } from '../courses/readiness';
import { findCourse, insertAddendum } from '../courses/repository';
import { visitFollowsSession } from '../scheduling';
import { bumpSession, onSession, sessionOf, unlockedSession } from './access';
import * as repo from './repository';
import { currentRuleSet, sessionRuleSet } from './rules';

/**
 * A dosing session from start to signed record: the readiness gate and start, the pre-dose checklist and
 * hold, discharge, the narrative, signing, addenda and the REMS submission.
 */
export class SessionLifecycleService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  async start(
    auth: AuthContext,
    patientId: string,
    courseId: string,
    overrides: { itemId: string; reason: string }[],
  ) {
    return onSession(this.ctx, auth, patientId, 'session.run', 'session.start', undefined, async (trx) => {
      const course = await findCourse(trx, patientId, courseId);
      if (!course) throw notFound('course');
      if (course.status !== 'active') throw conflict('The course is not active.');
      const open = await repo.openSessionOf(trx, patientId);
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
      const number = (await repo.countSessionsOfCourse(trx, courseId)) + 1;
      const id = randomUUID();
      const snapshot = readiness.items.map((i) => ({
        ...i,
        ...(given.has(i.id) && !i.ok ? { overriddenBy: auth.userId, overrideReason: given.get(i.id) } : {}),
      }));
      // The session keeps the clinic's current rules for its whole life (a later publish does not change them).
      const rules = await currentRuleSet(trx);
      await repo.insertSession(trx, {
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
      });
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
    return onSession(
      this.ctx,
      auth,
      patientId,
      'session.run',
      'session.checklist',
      sessionId,
      async (trx) => {
        const s = await unlockedSession(trx, patientId, sessionId);
        if (s.first_dose_at) throw conflict('The dose was given: the pre-dose checklist is closed.');
        await bumpSession(trx, s, { checklist: JSON.stringify(body), weight_kg: body.weightKg }, this.now());
        return { ok: true as const };
      },
    );
  }

  async overrideHold(auth: AuthContext, patientId: string, sessionId: string, reason: string) {
    return onSession(
      this.ctx,
      auth,
      patientId,
      'orders.sign',
      'session.hold_override',
      sessionId,
      async (trx) => {
        const s = await unlockedSession(trx, patientId, sessionId);
        if (!s.hold) throw conflict('There is no pre-dose hold to override.');
        await bumpSession(
          trx,
          s,
          {
            hold_override: JSON.stringify({
              by: auth.userId,
              reason,
              at: this.now(),
              rules: JSON.parse(s.hold).rules,
            }),
            hold: null,
          },
          this.now(),
        );
        return { ok: true as const };
      },
    );
  }

  async discharge(
    auth: AuthContext,
    patientId: string,
    sessionId: string,
    body: z.infer<typeof dischargeBody>,
  ) {
    return onSession(
      this.ctx,
      auth,
      patientId,
      'session.run',
      'session.discharge',
      sessionId,
      async (trx) => {
        const s = await unlockedSession(trx, patientId, sessionId);
        if (!s.first_dose_at)
          throw conflict(
            'No dose was given: end the session without discharge criteria is not supported; record why as an observation.',
          );
        if (s.discharged_at) throw conflict('Already discharged.');
        const vitals = (await repo.liveReadings(trx, [sessionId])).get(sessionId) ?? [];
        const sedation = await latest(trx, sessionId, 'sedation');
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
        await bumpSession(
          trx,
          s,
          {
            discharge: JSON.stringify({
              ...body,
              totalMonitoringMinutes: minutes,
              items: result.items,
              by: auth.userId,
            }),
            discharged_at: new Date(body.readyToLeaveAt).toISOString(),
            status: 'discharged',
          },
          this.now(),
        );
        // The patient has left: the visit is completed with the discharge, not left "checked in".
        await visitFollowsSession(trx, this.ctx.clock, auth, s, 'completed');
        return { ok: true as const, totalMonitoringMinutes: minutes };
      },
    );
  }

  async narrative(auth: AuthContext, patientId: string, sessionId: string, text: string) {
    return onSession(
      this.ctx,
      auth,
      patientId,
      'clinical.write',
      'session.narrative',
      sessionId,
      async (trx) => {
        const s = await unlockedSession(trx, patientId, sessionId);
        await bumpSession(trx, s, { narrative: text }, this.now());
        return { ok: true as const };
      },
    );
  }

  async sign(auth: AuthContext, patientId: string, sessionId: string) {
    return onSession(this.ctx, auth, patientId, 'orders.sign', 'session.sign', sessionId, async (trx) => {
      const s = await unlockedSession(trx, patientId, sessionId);
      if (!s.discharged_at) throw conflict('Discharge the patient before signing the session.');
      await bumpSession(
        trx,
        s,
        { signed_by: auth.userId, signed_at: this.now(), status: 'signed' },
        this.now(),
      );
      await visitFollowsSession(trx, this.ctx.clock, auth, s, 'completed');
      return { ok: true as const };
    });
  }

  async addendum(auth: AuthContext, patientId: string, sessionId: string, body: string) {
    return onSession(
      this.ctx,
      auth,
      patientId,
      'clinical.write',
      'session.addendum',
      sessionId,
      async (trx) => {
        const s = await sessionOf(trx, patientId, sessionId);
        if (!s.signed_at) throw conflict('The session is not signed yet: record it directly.');
        await insertAddendum(trx, {
          id: randomUUID(),
          target_type: 'session',
          target_id: sessionId,
          patient_id: patientId,
          author_id: auth.userId,
          body,
          created_at: this.now(),
        });
        return { ok: true as const };
      },
    );
  }

  async markRemsSubmitted(auth: AuthContext, patientId: string, sessionId: string) {
    return onSession(
      this.ctx,
      auth,
      patientId,
      'orders.sign',
      'session.rems_submitted',
      sessionId,
      async (trx) => {
        const s = await sessionOf(trx, patientId, sessionId);
        if (s.route !== 'esketamine') throw conflict('Only esketamine sessions have a REMS record.');
        if (!s.discharged_at) throw conflict('Complete the session first.');
        if (s.rems_submitted_at) throw conflict('Already marked submitted.');
        await bumpSession(trx, s, { rems_submitted_at: this.now() }, this.now());
        return { ok: true as const };
      },
    );
  }
}

/** The latest live entry of a kind (corrections applied), as recorded. */
async function latest(
  trx: Executor,
  sessionId: string,
  kind: string,
): Promise<Record<string, unknown> | null> {
  const r = repo
    .liveEntries(await repo.sessionEntries(trx, { sessionIds: [sessionId], kinds: [kind] }))
    .at(-1);
  return r ? (JSON.parse(r.data) as Record<string, unknown>) : null;
}
