import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { createCourseBody, noteContent } from '../../../contracts/courses';
import { type Executor, fromBool, toBool } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { canonicalJson, sha256 } from '../../platform/crypto';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { sessionOfCourse } from '../sessions/repository';
import { summariseSessions } from '../sessions/summary';
import { linkNoteToVisitOn } from './note-visits';
import { EMPTY_NOTE, type Note, noteOf, noteRow, notesOf } from './notes';
import { evaluateReadiness } from './readiness';
import * as repo from './repository';
import { presentTemplate } from './templates';

type NewNote = { kind: 'preparation' | 'integration'; sessionDate: string; dosingSessionId?: string };

/** Treatment courses and the therapist's preparation and integration notes (draft → signed → addenda). */
export class CoursesService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }
  private staff(auth: AuthContext, perm: 'clinical.read' | 'clinical.write') {
    if (auth.role === 'patient' || !auth.permissions.has(perm)) throw forbidden();
  }

  async templates() {
    return (await repo.listTemplates(this.ctx.db)).map(presentTemplate);
  }

  async updateTemplate(
    auth: AuthContext,
    key: string,
    body: {
      name: string;
      plannedPreparation: number;
      plannedDosing: number;
      plannedIntegration: number;
      vitalsEveryMinutes: number;
      description: string;
    },
  ) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    return this.ctx.db.transaction().execute(async (trx) => {
      const t = await repo.findTemplate(trx, key);
      if (!t) throw notFound('course template');
      const next = {
        name: body.name,
        planned_preparation: body.plannedPreparation,
        planned_dosing: body.plannedDosing,
        planned_integration: body.plannedIntegration,
        vitals_every_minutes: body.vitalsEveryMinutes,
        description: body.description,
        updated_at: this.now(),
        updated_by: auth.userId,
      };
      await repo.updateTemplate(trx, key, next);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'settings.course_template',
        objectType: 'course_template',
        objectId: key,
      });
      return presentTemplate({ ...t, ...next });
    });
  }

  async create(auth: AuthContext, patientId: string, body: z.infer<typeof createCourseBody>) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      { action: 'course.create', objectType: 'course' },
      async (trx) => {
        const t = await repo.findTemplate(trx, body.templateKey);
        if (!t)
          throw new AppError('validation_failed', 'Unknown template', [
            { field: 'templateKey', message: 'Choose one of the course templates' },
          ]);
        const open = await repo.openCourseOf(trx, patientId);
        if (open)
          throw conflict('The patient already has an open course. Complete or stop it first.', {
            courseId: open.id,
          });
        const id = randomUUID();
        await repo.insertCourse(trx, {
          id,
          patient_id: patientId,
          template_key: t.key,
          route: t.route,
          setting: t.setting,
          indications: JSON.stringify(body.indications),
          planned_preparation: t.planned_preparation,
          planned_dosing: body.plannedDosing ?? t.planned_dosing,
          planned_integration: t.planned_integration,
          status: 'active',
          rems_enrolled: fromBool(body.remsEnrolled ?? false),
          rems_patient_id: body.remsPatientId ?? null,
          stop_reason: null,
          created_by: auth.userId,
          created_at: this.now(),
          updated_at: this.now(),
        });
        return { id };
      },
    );
  }

  async setStatus(
    auth: AuthContext,
    patientId: string,
    courseId: string,
    patch: { status?: string; remsEnrolled?: boolean; remsPatientId?: string; stopReason?: string },
  ) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      {
        action: 'course.update',
        objectType: 'course',
        objectId: courseId,
        detail: { status: patch.status ?? null, stopReason: patch.stopReason ?? null },
      },
      async (trx) => {
        const c = await this.course(trx, patientId, courseId);
        await repo.updateCourse(trx, c.id, {
          ...(patch.status ? { status: patch.status } : {}),
          // Why it stopped, for the outcomes dashboard's drop-out figures (kept only while stopped).
          ...(patch.status
            ? { stop_reason: patch.status === 'stopped' ? (patch.stopReason ?? null) : null }
            : {}),
          ...(patch.remsEnrolled !== undefined ? { rems_enrolled: fromBool(patch.remsEnrolled) } : {}),
          ...(patch.remsPatientId !== undefined ? { rems_patient_id: patch.remsPatientId } : {}),
          updated_at: this.now(),
        });
        return { ok: true as const };
      },
    );
  }

  async list(auth: AuthContext, patientId: string) {
    this.staff(auth, 'clinical.read');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'course.read' },
      async (trx) => {
        const courses = await repo.coursesOf(trx, patientId);
        const out = [];
        for (const c of courses) {
          out.push({
            id: c.id,
            templateKey: c.template_key,
            route: c.route as 'im',
            setting: c.setting as 'in_clinic',
            indications: JSON.parse(c.indications) as string[],
            plannedPreparation: c.planned_preparation,
            plannedDosing: c.planned_dosing,
            plannedIntegration: c.planned_integration,
            status: c.status,
            remsEnrolled: toBool(c.rems_enrolled),
            createdAt: c.created_at,
            notes: await notesOf(trx, c.id),
            sessions: await summariseSessions(trx, c.id, this.ctx.clock.now().toISOString()),
          });
        }
        return { courses: out };
      },
    );
  }

  async readiness(auth: AuthContext, patientId: string, courseId: string) {
    this.staff(auth, 'clinical.read');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'course.readiness', objectType: 'course', objectId: courseId },
      async (trx) =>
        evaluateReadiness(trx, patientId, await this.course(trx, patientId, courseId), this.ctx.clock.now()),
    );
  }

  async createNote(auth: AuthContext, patientId: string, courseId: string, body: NewNote) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      { action: 'note.create', objectType: 'therapy_note' },
      async (trx) => {
        const id = await this.insertNote(trx, auth, patientId, courseId, body);
        // Started from the course rather than a visit: linked to the patient's therapy visit that day, if any.
        await linkNoteToVisitOn(trx, {
          noteId: id,
          patientId,
          sessionDate: body.sessionDate,
          kind: body.kind,
          now: this.now(),
        });
        return noteOf(trx, patientId, id);
      },
    );
  }

  /** A new draft note in the caller's transaction (access already checked): its id. */
  async insertNote(
    trx: Executor,
    auth: AuthContext,
    patientId: string,
    courseId: string,
    body: NewNote,
  ): Promise<string> {
    await this.course(trx, patientId, courseId);
    if (body.kind === 'integration') {
      if (!body.dosingSessionId)
        throw new AppError('validation_failed', 'Choose the dosing session this integration follows.', [
          { field: 'dosingSessionId', message: 'Choose the dosing session this integration follows' },
        ]);
      const s = await sessionOfCourse(trx, courseId, body.dosingSessionId);
      if (!s)
        throw new AppError('validation_failed', 'Unknown dosing session', [
          { field: 'dosingSessionId', message: 'No such dosing session in this course' },
        ]);
    }
    const id = randomUUID();
    await repo.insertNote(trx, {
      id,
      course_id: courseId,
      patient_id: patientId,
      kind: body.kind,
      dosing_session_id: body.dosingSessionId ?? null,
      session_date: body.sessionDate,
      content: JSON.stringify(EMPTY_NOTE),
      status: 'draft',
      author_id: auth.userId,
      content_hash: null,
      signed_at: null,
      version: 1,
      created_at: this.now(),
      updated_at: this.now(),
    });
    return id;
  }

  /** Draft autosave. The version guards against two tabs overwriting each other; signed notes never change. */
  async saveNote(
    auth: AuthContext,
    patientId: string,
    noteId: string,
    content: z.infer<typeof noteContent>,
    version: number,
  ) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      { action: 'note.save', objectType: 'therapy_note', objectId: noteId },
      async (trx) => {
        const n = await noteRow(trx, patientId, noteId);
        if (n.status === 'signed') throw conflict('This note is signed and locked. Add an addendum instead.');
        if (n.author_id !== auth.userId) throw forbidden('Only the author edits a draft note.');
        if (n.version !== version)
          throw conflict(
            'This note was saved from another window. Reload to see the latest text; yours is kept in the editor.',
            { currentVersion: n.version },
          );
        await repo.updateNote(trx, noteId, {
          content: JSON.stringify(content),
          version: n.version + 1,
          updated_at: this.now(),
        });
        return noteOf(trx, patientId, noteId);
      },
    );
  }

  async signNote(auth: AuthContext, patientId: string, noteId: string) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      { action: 'note.sign', objectType: 'therapy_note', objectId: noteId },
      async (trx) => {
        const n = await noteRow(trx, patientId, noteId);
        if (n.status === 'signed') throw conflict('Already signed.');
        if (n.author_id !== auth.userId) throw forbidden('Only the author signs a note.');
        const content = JSON.parse(n.content) as z.infer<typeof noteContent>;
        if (!Object.values(content).some((v) => v.trim()))
          throw new AppError('validation_failed', 'The note is empty.', [
            { field: 'content', message: 'Write the note before signing it' },
          ]);
        await repo.updateNote(trx, noteId, {
          status: 'signed',
          signed_at: this.now(),
          content_hash: sha256(canonicalJson(content)),
          updated_at: this.now(),
        });
        return noteOf(trx, patientId, noteId);
      },
    );
  }

  async addNoteAddendum(auth: AuthContext, patientId: string, noteId: string, body: string) {
    this.staff(auth, 'clinical.write');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      { action: 'note.addendum', objectType: 'therapy_note', objectId: noteId },
      async (trx) => {
        const n = await noteRow(trx, patientId, noteId);
        if (n.status !== 'signed') throw conflict('Edit the draft directly: addenda are for signed notes.');
        await repo.insertAddendum(trx, {
          id: randomUUID(),
          target_type: 'note',
          target_id: noteId,
          patient_id: patientId,
          author_id: auth.userId,
          body,
          created_at: this.now(),
        });
        return noteOf(trx, patientId, noteId);
      },
    );
  }

  async getNote(auth: AuthContext, patientId: string, noteId: string) {
    this.staff(auth, 'clinical.read');
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.read',
      { action: 'note.read', objectType: 'therapy_note', objectId: noteId },
      (trx) => noteOf(trx, patientId, noteId),
    );
  }

  /** A note as the API returns it, read in the caller's transaction. */
  note(trx: Executor, patientId: string, noteId: string): Promise<Note> {
    return noteOf(trx, patientId, noteId);
  }

  async course(trx: Executor, patientId: string, courseId: string) {
    const c = await repo.findCourse(trx, patientId, courseId);
    if (!c) throw notFound('course');
    return c;
  }
}
