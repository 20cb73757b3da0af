import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { okSchema } from '../../../contracts/common';
import { patientIdParam } from '../../../contracts/patients';
import * as c from '../../../contracts/scheduling';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { registerSchedulingAdminRoutes } from './admin-routes';
import { BookingService } from './booking';
import { IcalService } from './ical';
import { registerSchedulingPortalRoutes } from './portal-routes';
import { ProposalService } from './proposals';
import { registerSchedulingPublicRoutes } from './public-routes';
import { SelfBookingService } from './self-booking';
import { ViewService } from './views';

/** Scheduling (issue #9): staff calendars, booking and the Today board. Admin and public/portal routes live beside. */
export function registerSchedulingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const booking = serviceOf(ctx, BookingService);
  const views = serviceOf(ctx, ViewService);
  const proposals = serviceOf(ctx, ProposalService);
  const ical = serviceOf(ctx, IcalService);
  const selfBooking = serviceOf(ctx, SelfBookingService);
  const tags = ['scheduling'];
  const params = c.idParam;

  r.get(
    '/api/scheduling/resources',
    {
      config: { access: 'patients.read' },
      schema: {
        tags,
        summary:
          'Sites with rooms and chairs, appointment types, clinicians with their licensed states, and the scheduling policy',
        response: { 200: c.resourcesResponse },
      },
    },
    async (request) => views.resources(requireAuth(request)),
  );

  r.get(
    '/api/scheduling/calendar',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'Day or week calendar by site, room or clinician (local dates in the site’s zone)',
        querystring: c.calendarQuery,
        response: { 200: c.calendarResponse },
      },
    },
    async (request) => views.calendar(requireAuth(request), request.query),
  );

  r.get(
    '/api/scheduling/today',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'The Today board: the day’s visits with readiness warnings and reminder delivery problems',
        querystring: c.todayQuery,
        response: { 200: c.todayResponse },
      },
    },
    async (request) => views.today(requireAuth(request), request.query),
  );

  r.get(
    '/api/scheduling/reminder-problems',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'Reminders that could not be delivered for upcoming visits (retried automatically)',
        response: { 200: z.object({ reminders: c.todayResponse.shape.reminderProblems }) },
      },
    },
    async (request) => views.reminderProblems(requireAuth(request)),
  );

  r.post(
    '/api/appointments',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary:
          'Book a visit (409 names the clashing patient, clinician or room; warnings list unmet readiness items)',
        body: c.bookingBody,
        response: { 201: c.bookingResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await booking.book(requireAuth(request), request.body)),
  );

  r.post(
    '/api/appointments/check',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary:
          'Dry run of a booking: problems, clashes, warnings and the overlaps the visit types’ holds allow, nothing saved',
        body: c.bookingBody,
        response: { 200: c.checkResponse },
      },
    },
    async (request) => booking.check(requireAuth(request), request.body),
  );

  r.get(
    '/api/appointments/:id',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'One visit with its reminders',
        params,
        response: { 200: c.appointmentWithReminders },
      },
    },
    async (request) => views.get(requireAuth(request), request.params.id),
  );

  r.post(
    '/api/appointments/:id/move',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary:
          'Move a visit (drag and drop): new time, room, site or people; clashes refused with the reason',
        params,
        body: c.moveBody,
        response: { 200: c.bookingResponse },
      },
    },
    async (request) => booking.move(requireAuth(request), request.params.id, request.body),
  );

  r.post(
    '/api/appointments/:id/move/check',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary:
          'Dry run of a move, for drag-and-drop previews: problems, clashes, warnings and allowed overlaps, nothing saved',
        params,
        body: c.moveBody,
        response: { 200: c.checkResponse },
      },
    },
    async (request) => booking.checkMove(requireAuth(request), request.params.id, request.body),
  );

  r.post(
    '/api/appointments/:id/cancel',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Cancel a visit with a reason (the patient is told unless notifyPatient is false)',
        params,
        body: c.cancelBody,
        response: { 200: c.appointment },
      },
    },
    async (request) => booking.cancel(requireAuth(request), request.params.id, request.body),
  );

  r.post(
    '/api/appointments/:id/status',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Check in, complete, mark no-show, or undo (see nextStatuses)',
        params,
        body: c.statusBody,
        response: { 200: c.appointment },
      },
    },
    async (request) => booking.setStatus(requireAuth(request), request.params.id, request.body),
  );

  r.get(
    '/api/patients/:patientId/appointments',
    {
      config: { access: 'patients.read', patientData: true },
      schema: {
        tags,
        summary: 'A patient’s visits, past and upcoming, with each reminder’s delivery state',
        params: patientIdParam,
        response: { 200: c.patientAppointments },
      },
    },
    async (request) => views.forPatient(requireAuth(request), request.params.patientId),
  );

  r.post(
    '/api/patients/:patientId/schedule/propose',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Propose a course’s schedule from its template (nothing is booked)',
        params: patientIdParam,
        body: c.proposeBody,
        response: { 200: c.proposalResponse },
      },
    },
    async (request) => proposals.propose(requireAuth(request), request.params.patientId, request.body),
  );

  r.post(
    '/api/patients/:patientId/schedule/confirm',
    {
      config: { access: 'patients.write', patientData: true },
      schema: {
        tags,
        summary: 'Book a confirmed (possibly edited) proposal, all or nothing',
        params: patientIdParam,
        body: c.confirmBody,
        response: { 201: c.confirmResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await proposals.confirm(requireAuth(request), request.params.patientId, request.body)),
  );

  r.post(
    '/api/enquiries/:id/booking-invite',
    {
      config: { access: 'enquiries.manage' },
      schema: {
        tags,
        summary:
          'Email a prospective patient a link to book their own consultation (when the clinic allows it)',
        params,
        response: { 200: c.bookingInviteResponse },
      },
    },
    async (request) => selfBooking.invite(requireAuth(request), request.params.id),
  );

  r.get(
    '/api/scheduling/ical',
    {
      config: { access: 'patients.read' },
      schema: { tags, summary: 'Whether my calendar feed is on', response: { 200: c.icalStatus } },
    },
    async (request) => ical.status(requireAuth(request)),
  );

  r.post(
    '/api/scheduling/ical',
    {
      config: { access: 'patients.read' },
      schema: {
        tags,
        summary: 'Create my calendar feed URL (shown once; replaces any earlier one)',
        response: { 201: c.icalCreated },
      },
    },
    async (request, reply) => reply.status(201).send(await ical.create(requireAuth(request))),
  );

  r.post(
    '/api/scheduling/ical/revoke',
    {
      config: { access: 'patients.read' },
      schema: { tags, summary: 'Turn off my calendar feed', response: { 200: okSchema } },
    },
    async (request) => ical.revoke(requireAuth(request)),
  );

  registerSchedulingAdminRoutes(app, ctx);
  registerSchedulingPortalRoutes(app, ctx);
  registerSchedulingPublicRoutes(app, ctx);
}
