import type { PortalProgress } from '../../../contracts/progress';
import { BEFORE_DOSE } from '../../../domain/athome';
import { dateTimeFormat } from '../../../domain/intl-format';
import { courseStage, type NextThing, prepareFor } from '../../../domain/progress';
import { instantWords } from '../../../domain/scheduling/zone-words';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { atHomeSessionsWhere } from '../athome';
import { coursesWhere, notesWhere } from '../courses';
import { patientTrends } from '../measures';
import { clinicTimeZone, isUpcomingVisit, portalVisitsOf } from '../scheduling';
import { sessionsWhere } from '../sessions';

const STATUSES = ['planned', 'active', 'completed', 'stopped'] as const;
const SETTING = (s: string) => (s === 'at_home' ? 'At home' : 'In the clinic');
/** Active first, then planned, then the newest. */
const RANK: Record<string, number> = { active: 0, planned: 1 };

/**
 * The patient's own progress (issue #17): their course at a glance, what is coming and what to prepare, and
 * their questionnaire trends, each read through the feature that owns it. A patient only ever sees their
 * own: a course id that is not theirs answers 404, like a missing one. One audit entry per read.
 */
export class ProgressService {
  constructor(private readonly ctx: AppContext) {}

  async mine(auth: AuthContext, courseId?: string): Promise<PortalProgress> {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    const patientId = auth.patientId;
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'progress.read', ...(courseId ? { objectType: 'course', objectId: courseId } : {}) },
      (trx) => this.build(trx, patientId, courseId),
    );
  }

  private async build(trx: Executor, patientId: string, courseId?: string): Promise<PortalProgress> {
    const now = this.ctx.clock.now();
    const tz = await clinicTimeZone(trx);
    const day = dateTimeFormat('en-US', {
      timeZone: tz,
      month: 'short',
      day: 'numeric',
      year: 'numeric',
    });
    const courses = (await coursesWhere(trx, [patientId], null)).sort(
      (a, b) => (RANK[a.status] ?? 2) - (RANK[b.status] ?? 2) || b.created_at.localeCompare(a.created_at),
    );
    const chosen = courseId ? courses.find((c) => c.id === courseId) : courses[0];
    if (courseId && !chosen) throw notFound('course');

    const atHome = await atHomeSessionsWhere(trx, [patientId], null);
    let course: PortalProgress['course'] = null;
    if (chosen) {
      const notes = (await notesWhere(trx, [patientId], null)).filter(
        (n) => n.course_id === chosen.id && n.status === 'signed',
      );
      const inClinic = (await sessionsWhere(trx, [patientId], null)).filter(
        (s) => s.course_id === chosen.id && s.first_dose_at,
      ).length;
      const athomeDosed = atHome.filter((s) => s.course_id === chosen.id && s.dose_taken_at).length;
      course = {
        id: chosen.id,
        settingLabel: SETTING(chosen.setting),
        status: STATUSES.find((s) => s === chosen.status) ?? 'active',
        startedOn: chosen.created_at,
        stage: courseStage({
          status: chosen.status,
          plannedPreparation: chosen.planned_preparation,
          plannedDosing: chosen.planned_dosing,
          plannedIntegration: chosen.planned_integration,
          preparationDone: notes.filter((n) => n.kind === 'preparation').length,
          dosesGiven: inClinic + athomeDosed,
          integrationDone: notes.filter((n) => n.kind === 'integration').length,
        }),
      };
    }

    // What is coming: booked visits (an at-home session's own visit shows as the session) and at-home sessions.
    const homeSoon = atHome.filter(
      (s) =>
        (BEFORE_DOSE as readonly string[]).includes(s.state) &&
        Date.parse(s.starts_at) > now.getTime() - 6 * 3_600_000,
    );
    const homeVisits = new Set(homeSoon.map((s) => s.appointment_id).filter(Boolean));
    const visits = (await portalVisitsOf(trx, patientId, now)).filter(
      (v) => isUpcomingVisit(v, now) && !homeVisits.has(v.id),
    );
    const things: (NextThing & { id: string; startsAt: string; link: string })[] = [
      ...visits.map((v) => ({
        kind: 'visit' as const,
        id: v.id,
        category: v.category,
        label: v.label,
        when: v.when,
        instructions: v.instructions,
        startsAt: v.startsAt,
        link: '/portal#visits-h',
      })),
      ...homeSoon.map((s) => ({
        kind: 'at_home' as const,
        id: s.id,
        number: s.number,
        when: instantWords(s.starts_at, tz),
        startsAt: s.starts_at,
        link: `/portal/at-home/${s.id}`,
      })),
    ].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

    return {
      course,
      courses: courses.map((c) => ({
        id: c.id,
        label: `${SETTING(c.setting)}, started ${day.format(new Date(c.created_at))}`,
      })),
      upcoming: things.map((t) => ({
        kind: t.kind,
        id: t.id,
        label: t.kind === 'visit' ? t.label : `At-home session ${t.number}`,
        startsAt: t.startsAt,
        when: t.when,
        link: t.link,
      })),
      prepare: things[0] ? prepareFor(things[0]) : null,
      trends: await patientTrends(trx, patientId),
    };
  }
}
