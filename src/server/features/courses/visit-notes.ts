import type { z } from 'zod';
import {
  NOTE_TODO_SECTIONS,
  type notesTodoQuery,
  type noteTodoItem,
  type startVisitNoteBody,
  type visitNote,
} from '../../../contracts/notes';
import { localDayBounds, toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { BookingService, clinicTimeZone } from '../scheduling';
import { courseForVisit, dosedSessions, presentLinkedNote } from './note-visits';
import {
  draftsToSign,
  linkNote,
  noteOfVisit,
  type VisitRow,
  visitById,
  visitsByIds,
  visitsToWrite,
} from './repository';
import { CoursesService } from './service';
import { offersFor } from './visit-note-offer';

type VisitNote = z.infer<typeof visitNote>;
type TodoItem = z.infer<typeof noteTodoItem>;

const firstName = (v: { first_name: string | null; preferred_name: string | null }) =>
  v.preferred_name ?? v.first_name ?? 'The patient';
const fullName = (v: {
  first_name: string | null;
  preferred_name: string | null;
  last_name: string | null;
}) => `${firstName(v)} ${v.last_name ?? ''}`.trim();

function visitSummary(v: VisitRow) {
  const local = toLocal(v.starts_at, v.timezone);
  return {
    id: v.id,
    typeName: v.type_name,
    category: v.category as 'integration',
    status: v.status,
    timezone: v.timezone,
    localDate: local.date,
    localStart: local.time,
  };
}

/**
 * Therapy notes from the visits they are written for (issue #14): what note fits a visit and starting it,
 * and the therapist's list of visits held without a note and drafts to sign. Each read of patient data is
 * audited; lists leave out confidential records the user may not open (platform/confidential.ts).
 */
export class VisitNotesService {
  private readonly booking: BookingService;
  private readonly courses: CoursesService;
  constructor(private readonly ctx: AppContext) {
    this.booking = serviceOf(ctx, BookingService);
    this.courses = serviceOf(ctx, CoursesService);
  }

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /** The offers and the note for one visit, read in the caller's transaction. */
  private async describe(
    trx: Executor,
    v: VisitRow,
  ): Promise<Omit<VisitNote, 'patientId' | 'patientName' | 'visit'>> {
    if (!v.patient_id) {
      return {
        courseId: null,
        note: null,
        offers: [],
        explanation:
          'This visit was booked before the person had a patient record, so no note can be written for it.',
      };
    }
    const linked = await noteOfVisit(trx, v.id);
    const course = await courseForVisit(trx, v.patient_id, v.course_id);
    const dosed = course ? await dosedSessions(trx, course.id, v.timezone) : [];
    const { offers, explanation } = offersFor({
      category: v.category,
      status: v.status,
      visitEndsAt: v.ends_at,
      firstName: firstName(v),
      typeName: v.type_name,
      course,
      dosed,
    });
    return {
      courseId: course?.id ?? null,
      note: linked ? presentLinkedNote(linked) : null,
      offers: linked ? [] : offers,
      explanation: linked ? null : explanation,
    };
  }

  async forVisit(auth: AuthContext, appointmentId: string): Promise<VisitNote> {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.read')) throw forbidden();
    return this.booking.withAppointment(
      auth,
      appointmentId,
      'clinical.read',
      'appointment.note',
      async (trx) => {
        const v = await visitById(trx, appointmentId);
        return {
          patientId: v.patient_id ?? '',
          patientName: v.first_name ? fullName(v) : 'Not yet a patient',
          visit: visitSummary(v),
          ...(await this.describe(trx, v)),
        };
      },
    );
  }

  /** Starts the note a visit's offers allow, dated on the visit's local day and linked to it. */
  async start(auth: AuthContext, appointmentId: string, body: z.infer<typeof startVisitNoteBody>) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.write')) throw forbidden();
    return this.booking.withAppointment(auth, appointmentId, 'clinical.write', 'note.create', async (trx) => {
      const v = await visitById(trx, appointmentId);
      const d = await this.describe(trx, v);
      if (d.note)
        throw conflict('This visit already has a note. Open it to carry on.', { noteId: d.note.id });
      const fits = d.offers.find(
        (o) =>
          o.kind === body.kind &&
          (body.kind === 'preparation' ||
            !body.dosingSessionId ||
            o.dosingSessionId === body.dosingSessionId),
      );
      if (!fits || !d.courseId || !v.patient_id) {
        const otherSession =
          body.kind === 'integration' &&
          body.dosingSessionId !== undefined &&
          d.offers.some((o) => o.kind === 'integration');
        const message = otherSession
          ? 'Choose a dosing session of this course that took place before the visit'
          : (d.explanation ??
            `${body.kind === 'integration' ? 'An integration' : 'A preparation'} note cannot be started for this visit`);
        throw new AppError('validation_failed', message, [
          { field: otherSession ? 'dosingSessionId' : 'kind', message },
        ]);
      }
      const local = toLocal(v.starts_at, v.timezone).date;
      const id = await this.courses.insertNote(trx, auth, v.patient_id, d.courseId, {
        kind: fits.kind,
        sessionDate: local,
        ...(fits.dosingSessionId ? { dosingSessionId: fits.dosingSessionId } : {}),
      });
      await linkNote(trx, v.id, id, this.now());
      return this.courses.note(trx, v.patient_id, id);
    });
  }

  /** The signed-in clinician's notes to write (their therapy visits up to today without a note) and drafts to sign. */
  async todo(auth: AuthContext, q: z.infer<typeof notesTodoQuery>) {
    if (auth.role === 'patient' || !auth.permissions.has('notes.todo')) throw forbidden();
    const { db, clock } = this.ctx;
    const timezone = await clinicTimeZone(db);
    const nowIso = this.now();
    const until = localDayBounds(toLocal(clock.now(), timezone).date, timezone).end;
    return db.transaction().execute(async (trx) => {
      const sections = [];
      for (const key of q.section ? [q.section] : NOTE_TODO_SECTIONS) {
        const page =
          key === 'to_write'
            ? await this.toWrite(trx, auth, nowIso, until, q)
            : await this.drafts(trx, auth, nowIso, q);
        sections.push({
          key,
          title: key === 'to_write' ? 'Notes to write' : 'Drafts to sign',
          offset: q.offset,
          ...page,
        });
      }
      await appendAudit(trx, clock, auth, {
        action: 'notes.todo',
        objectType: 'therapy_note',
        detail: { sections: sections.map((s) => ({ key: s.key, total: s.total, shown: s.items.length })) },
      });
      return { timezone, sections };
    });
  }

  private async toWrite(
    trx: Executor,
    auth: AuthContext,
    nowIso: string,
    until: string,
    q: { offset: number; limit: number },
  ) {
    const { total, ids } = await visitsToWrite(trx, auth, nowIso, until, q);
    const rows = await visitsByIds(trx, ids);
    const items: TodoItem[] = [];
    for (const id of ids) {
      const v = rows.find((r) => r.id === id) as VisitRow;
      const d = await this.describe(trx, v);
      items.push({
        id: v.id,
        patientId: v.patient_id as string,
        patientName: fullName(v),
        visit: visitSummary(v),
        note: null,
        offers: d.offers,
        explanation: d.explanation,
      });
    }
    return { total, items };
  }

  private async drafts(
    trx: Executor,
    auth: AuthContext,
    nowIso: string,
    q: { offset: number; limit: number },
  ) {
    const { total, rows } = await draftsToSign(trx, auth, nowIso, q);
    const visits = await visitsByIds(
      trx,
      rows.flatMap((r) => (r.appointment_id ? [r.appointment_id] : [])),
    );
    const items: TodoItem[] = rows.map((r) => {
      const v = visits.find((x) => x.id === r.appointment_id);
      return {
        id: r.id,
        patientId: r.patient_id,
        patientName: fullName(r),
        visit: v ? visitSummary(v) : null,
        note: presentLinkedNote(r),
        offers: [],
        explanation: null,
      };
    });
    return { total, items };
  }
}
