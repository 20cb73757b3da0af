import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { ExperienceRatingOut, rateBody, SessionExperienceOut } from '../../../contracts/experience';
import {
  type Answers,
  getInstrument,
  isSessionRating,
  SESSION_RATING_INSTRUMENTS,
  scoreRange,
} from '../../../domain/instruments';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { presentInstrument, recordSessionRating } from '../measures';
import type { PdfSection } from '../sessions/pdf';
import * as repo from './repository';

type RateBody = z.infer<typeof rateBody>;

/** The session a rating attaches to, with what the summary row copies from it. */
interface RatedSession {
  link: repo.SessionLink;
  patientId: string;
  courseId: string;
  route: string;
  setting: string;
  dosed: boolean;
}

/**
 * In-session experience ratings (issue #21): the patient's end-of-session rating on Liminal's own instruments
 * (not validated), attached to a clinic dosing session (entered on the console by the nurse or prescriber, as
 * the patient says the numbers) or an at-home session (by the patient at check-out, or by a clinician of the care
 * team on the patient's word). Each rating is a measure response (recordSessionRating) and, in the same
 * transaction, the session's session_experience row, which the outcomes dashboard reads. A second rating on
 * the same session and instrument is a correction: it needs a reason, amends the response, replaces the row.
 */
export class ExperienceService {
  constructor(private readonly ctx: AppContext) {}

  // ── Staff ──────────────────────────────────────────────────────────────────────────────────────────
  dosingRatings(auth: AuthContext, patientId: string, sessionId: string) {
    return this.staff(
      auth,
      patientId,
      'clinical.read',
      'experience.read',
      'dosing_session',
      sessionId,
      (trx) => this.dosing(trx, patientId, sessionId).then((s) => this.view(trx, s)),
    );
  }

  rateDosing(auth: AuthContext, patientId: string, sessionId: string, body: RateBody) {
    return this.staff(
      auth,
      patientId,
      'clinical.write',
      'experience.rate',
      'dosing_session',
      sessionId,
      (trx) =>
        this.dosing(trx, patientId, sessionId).then((s) => this.rate(trx, auth, s, body, 'staff_entry')),
    );
  }

  atHomeRatings(auth: AuthContext, patientId: string, id: string) {
    return this.staff(auth, patientId, 'clinical.read', 'experience.read', 'at_home_session', id, (trx) =>
      this.atHome(trx, patientId, id).then((s) => this.view(trx, s)),
    );
  }

  rateAtHome(auth: AuthContext, patientId: string, id: string, body: RateBody) {
    return this.staff(auth, patientId, 'clinical.write', 'experience.rate', 'at_home_session', id, (trx) =>
      this.atHome(trx, patientId, id).then((s) => this.rate(trx, auth, s, body, 'staff_entry')),
    );
  }

  // ── The patient, on their phone: their own at-home sessions only ───────────────────────────────────
  portalRatings(auth: AuthContext, id: string) {
    return this.portal(auth, 'experience.portal_read', id, (trx, patientId) =>
      this.atHome(trx, patientId, id).then((s) => this.view(trx, s)),
    );
  }

  portalRate(auth: AuthContext, id: string, body: RateBody) {
    return this.portal(auth, 'experience.portal_rate', id, (trx, patientId) =>
      this.atHome(trx, patientId, id).then((s) => this.rate(trx, auth, s, body, 'portal')),
    );
  }

  // ── Shared ─────────────────────────────────────────────────────────────────────────────────────────
  private staff<T>(
    auth: AuthContext,
    patientId: string,
    perm: 'clinical.read' | 'clinical.write',
    action: AuditAction,
    objectType: string,
    objectId: string,
    fn: (trx: Executor) => Promise<T>,
  ): Promise<T> {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
    const audit = { action, objectType, objectId };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, perm, audit, fn);
  }

  private portal<T>(
    auth: AuthContext,
    action: AuditAction,
    id: string,
    fn: (trx: Executor, patientId: string) => Promise<T>,
  ): Promise<T> {
    const patientId = auth.patientId;
    if (auth.role !== 'patient' || !patientId) throw forbidden();
    const audit = { action, objectType: 'at_home_session', objectId: id };
    return withPatient(this.ctx.db, this.ctx.clock, auth, patientId, 'portal.self', audit, (trx) =>
      fn(trx, patientId),
    );
  }

  private async dosing(trx: Executor, patientId: string, id: string): Promise<RatedSession> {
    const s = await repo.dosingSession(trx, patientId, id);
    if (!s) throw notFound('session');
    return {
      link: { dosingSessionId: s.id },
      patientId,
      courseId: s.course_id,
      route: s.route,
      setting: s.setting,
      dosed: s.first_dose_at !== null,
    };
  }

  private async atHome(trx: Executor, patientId: string, id: string): Promise<RatedSession> {
    const s = await repo.atHomeSession(trx, patientId, id);
    if (!s) throw notFound('session');
    return {
      link: { atHomeSessionId: s.id },
      patientId,
      courseId: s.course_id,
      route: 'sublingual',
      setting: 'at_home',
      dosed: s.dose_taken_at !== null,
    };
  }

  private async view(trx: Executor, s: RatedSession): Promise<SessionExperienceOut> {
    const rows = await repo.ratingsOf(trx, s.link);
    return {
      canRate: s.dosed,
      ratings: rows.flatMap((r) => presentRating(r)),
      instruments: SESSION_RATING_INSTRUMENTS.map((def) => presentInstrument({ def, imported: null })),
    };
  }

  private async rate(
    trx: Executor,
    auth: AuthContext,
    s: RatedSession,
    body: RateBody,
    mode: 'staff_entry' | 'portal',
  ): Promise<SessionExperienceOut> {
    if (!s.dosed)
      throw conflict('This session has no dose recorded yet: the experience is rated after the dose.');
    const existing = await repo.ratingOn(trx, s.link, body.instrumentId);
    if (existing && !body.reason)
      throw new AppError('validation_failed', 'reason: say why the rating is being corrected', [
        { field: 'reason', message: 'This session is already rated: say why the rating is being corrected' },
      ]);
    const out = await recordSessionRating(trx, this.ctx.clock, {
      patientId: s.patientId,
      instrumentId: body.instrumentId,
      answers: body.answers as Answers,
      mode,
      enteredBy: auth.userId,
      ...(existing ? { amends: { responseId: existing.response_id, reason: body.reason as string } } : {}),
    });
    await repo.replaceRating(trx, {
      id: randomUUID(),
      patient_id: s.patientId,
      course_id: s.courseId,
      dosing_session_id: 'dosingSessionId' in s.link ? s.link.dosingSessionId : null,
      at_home_session_id: 'atHomeSessionId' in s.link ? s.link.atHomeSessionId : null,
      route: s.route,
      setting: s.setting,
      instrument_id: body.instrumentId,
      response_id: out.response.id,
      total: Number(out.score.total),
      subscales: out.score.subscales,
      rated_at: out.score.scored_at,
    });
    return this.view(trx, s);
  }
}

type RatingRow = Awaited<ReturnType<typeof repo.ratingsOf>>[number];

/** A stored rating as the screens show it (names and plain words; no ids but the response's). */
export function presentRating(r: RatingRow): ExperienceRatingOut[] {
  const def = isSessionRating(r.instrument_id) ? getInstrument(r.instrument_id) : undefined;
  if (!def) return [];
  const subscales = JSON.parse(r.subscales) as Record<string, number | null>;
  const total = Number(r.total);
  const band = def.scoring.bands.find((b) => total >= b.min && total <= b.max);
  const answers = JSON.parse(r.answers) as Record<string, number | null>;
  return [
    {
      instrumentId: def.id,
      instrumentName: def.name,
      responseId: r.response_id,
      total,
      range: scoreRange(def),
      band: band?.label ?? null,
      subscales: (def.scoring.subscales ?? []).map((sub) => ({
        id: sub.id,
        name: sub.name,
        value: subscales[sub.id] ?? null,
      })),
      answers,
      ratedAt: r.rated_at,
      enteredBy: r.entered_by_name ?? null,
      byPatient: r.mode === 'portal',
      corrected: r.amended_from !== null,
    },
  ];
}

/** A session's current ratings as shown (for the printed records; the caller has checked access). */
export async function sessionRatings(db: Executor, link: repo.SessionLink): Promise<ExperienceRatingOut[]> {
  return (await repo.ratingsOf(db, link)).flatMap((r) => presentRating(r));
}

/** The ratings as a section of a printed session record. */
export function ratingsPdfSection(ratings: ExperienceRatingOut[], at: (iso: string) => string): PdfSection {
  return {
    heading: 'Experience ratings (Liminal’s own, not validated)',
    table: {
      columns: ['Rating', 'Total', 'Band', 'Subscales', 'Rated'],
      rows: ratings.map((r) => [
        r.instrumentName,
        `${r.total} of ${r.range.max}`,
        r.band ?? '',
        r.subscales.map((s) => `${s.name} ${s.value ?? '—'}`).join(', '),
        `${at(r.ratedAt)}, ${r.byPatient ? 'by the patient' : `entered by ${r.enteredBy ?? 'staff'}`}${r.corrected ? ' (corrected)' : ''}`,
      ]),
    },
  };
}
