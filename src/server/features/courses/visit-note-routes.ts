import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { therapyNote } from '../../../contracts/courses';
import { notesTodoQuery, notesTodoResponse, startVisitNoteBody, visitNote } from '../../../contracts/notes';
import { idParam } from '../../../contracts/scheduling';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { VisitNotesService } from './visit-notes';

/** Notes seen from visits (issue #14): what note fits a visit, starting it there, and the therapist's notes to write and sign. */
export function registerVisitNoteRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, VisitNotesService);
  const tags = ['courses'];

  r.get(
    '/api/appointments/:id/note',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags,
        summary:
          'The note written for a therapy visit, or the notes that can be started for it (and, when its own kind cannot, why not)',
        params: idParam,
        response: { 200: visitNote },
      },
    },
    async (q) => svc.forVisit(requireAuth(q), q.params.id),
  );

  r.post(
    '/api/appointments/:id/note',
    {
      config: { access: 'clinical.write', patientData: true },
      schema: {
        tags,
        summary:
          'Start the note for a therapy visit (a draft dated on the visit’s local day, linked to it); 409 when it has one',
        params: idParam,
        body: startVisitNoteBody,
        response: { 201: therapyNote },
      },
    },
    async (q, reply) => reply.status(201).send(await svc.start(requireAuth(q), q.params.id, q.body)),
  );

  r.get(
    '/api/notes/todo',
    {
      config: { access: 'notes.todo', patientData: true },
      schema: {
        tags,
        summary:
          'My notes to write (my therapy visits up to today without a note, newest first) and my drafts to sign, a page per section',
        querystring: notesTodoQuery,
        response: { 200: notesTodoResponse },
      },
    },
    async (q) => svc.todo(requireAuth(q), q.query),
  );
}
