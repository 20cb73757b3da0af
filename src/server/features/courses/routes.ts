import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { okSchema } from '../../../contracts/common';
import {
  addendumBody,
  courseList,
  courseParams,
  courseTemplate,
  courseTemplateBody,
  createCourseBody,
  createNoteBody,
  noteParams,
  readinessResponse,
  saveNoteBody,
  therapyNote,
} from '../../../contracts/courses';
import { patientIdParam } from '../../../contracts/patients';
import { STOP_REASONS } from '../../../domain/outcomes-stats';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { CoursesService } from './service';
import { registerVisitNoteRoutes } from './visit-note-routes';

export function registerCourseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, CoursesService);
  const tags = ['courses'];
  const pd = { patientData: true } as const;

  r.get(
    '/api/course-templates',
    {
      config: { access: 'clinical.read' },
      schema: {
        tags,
        summary: 'Course templates',
        response: { 200: z.object({ templates: z.array(courseTemplate) }) },
      },
    },
    async () => ({ templates: await svc.templates() }),
  );
  r.put(
    '/api/admin/course-templates/:key',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Edit a course template',
        params: z.object({ key: z.string().max(40) }),
        body: courseTemplateBody,
        response: { 200: courseTemplate },
      },
    },
    async (q) => svc.updateTemplate(requireAuth(q), q.params.key, q.body),
  );
  r.get(
    '/api/patients/:patientId/courses',
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: "A patient's courses with notes and sessions",
        params: patientIdParam,
        response: { 200: courseList },
      },
    },
    async (q) => svc.list(requireAuth(q), q.params.patientId),
  );
  r.post(
    '/api/patients/:patientId/courses',
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: 'Start a course from a template',
        params: patientIdParam,
        body: createCourseBody,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.create(requireAuth(q), q.params.patientId, q.body)),
  );
  r.post(
    '/api/patients/:patientId/courses/:courseId/status',
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: 'Complete or stop a course; record REMS enrolment',
        params: courseParams,
        body: z.object({
          status: z.enum(['active', 'completed', 'stopped']).optional(),
          remsEnrolled: z.boolean().optional(),
          remsPatientId: z.string().trim().max(40).optional(),
          stopReason: z.enum(STOP_REASONS).optional(),
        }),
        response: { 200: okSchema },
      },
    },
    async (q) => svc.setStatus(requireAuth(q), q.params.patientId, q.params.courseId, q.body),
  );
  r.get(
    '/api/patients/:patientId/courses/:courseId/readiness',
    {
      config: { access: 'clinical.read', ...pd },
      schema: {
        tags,
        summary: 'The readiness gate before a dosing session',
        params: courseParams,
        response: { 200: readinessResponse },
      },
    },
    async (q) => svc.readiness(requireAuth(q), q.params.patientId, q.params.courseId),
  );
  r.post(
    '/api/patients/:patientId/courses/:courseId/notes',
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: 'Start a preparation or integration note (draft)',
        params: courseParams,
        body: createNoteBody,
        response: { 201: therapyNote },
      },
    },
    async (q, reply) =>
      reply
        .status(201)
        .send(await svc.createNote(requireAuth(q), q.params.patientId, q.params.courseId, q.body)),
  );
  r.get(
    '/api/patients/:patientId/notes/:noteId',
    {
      config: { access: 'clinical.read', ...pd },
      schema: { tags, summary: 'A therapy note', params: noteParams, response: { 200: therapyNote } },
    },
    async (q) => svc.getNote(requireAuth(q), q.params.patientId, q.params.noteId),
  );
  r.put(
    '/api/patients/:patientId/notes/:noteId',
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: 'Autosave a draft note (version-checked)',
        params: noteParams,
        body: saveNoteBody,
        response: { 200: therapyNote },
      },
    },
    async (q) =>
      svc.saveNote(requireAuth(q), q.params.patientId, q.params.noteId, q.body.content, q.body.version),
  );
  r.post(
    '/api/patients/:patientId/notes/:noteId/sign',
    {
      config: { access: 'clinical.write', ...pd },
      schema: { tags, summary: 'Sign and lock a note', params: noteParams, response: { 200: therapyNote } },
    },
    async (q) => svc.signNote(requireAuth(q), q.params.patientId, q.params.noteId),
  );
  r.post(
    '/api/patients/:patientId/notes/:noteId/addenda',
    {
      config: { access: 'clinical.write', ...pd },
      schema: {
        tags,
        summary: 'Add an addendum to a signed note',
        params: noteParams,
        body: addendumBody,
        response: { 201: therapyNote },
      },
    },
    async (q, reply) =>
      reply
        .status(201)
        .send(await svc.addNoteAddendum(requireAuth(q), q.params.patientId, q.params.noteId, q.body.body)),
  );
  registerVisitNoteRoutes(app, ctx);
}
