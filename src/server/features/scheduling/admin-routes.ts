import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { okSchema } from '../../../contracts/common';
import * as c from '../../../contracts/scheduling';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { SchedulingAdminService } from './admin';
import { IcalService } from './ical';

/** Clinic settings for scheduling (admins: `settings.manage`). */
export function registerSchedulingAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, SchedulingAdminService);
  const ical = serviceOf(ctx, IcalService);
  const tags = ['scheduling admin'];
  const config = { access: 'settings.manage' as const };
  const params = c.idParam;

  r.get(
    '/api/admin/scheduling/locations',
    {
      config,
      schema: {
        tags,
        summary: 'Every site with its rooms and chairs (including inactive ones)',
        response: { 200: z.object({ locations: z.array(c.location) }) },
      },
    },
    async (request) => svc.locations(requireAuth(request)),
  );

  r.post(
    '/api/admin/scheduling/locations',
    {
      config,
      schema: {
        tags,
        summary: 'Add a site (address, time zone, esketamine certification)',
        body: c.locationBody,
        response: { 201: c.location },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.createLocation(requireAuth(request), request.body)),
  );

  r.put(
    '/api/admin/scheduling/locations/:id',
    {
      config,
      schema: { tags, summary: 'Change a site', params, body: c.locationBody, response: { 200: c.location } },
    },
    async (request) => svc.updateLocation(requireAuth(request), request.params.id, request.body),
  );

  r.post(
    '/api/admin/scheduling/locations/:id/rooms',
    {
      config,
      schema: {
        tags,
        summary: 'Add a room, chair or office to a site',
        params,
        body: c.roomBody,
        response: { 201: c.room },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.addRoom(requireAuth(request), request.params.id, request.body)),
  );

  r.put(
    '/api/admin/scheduling/rooms/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename, change or retire a room or chair',
        params: c.roomParams,
        body: c.roomBody,
        response: { 200: c.room },
      },
    },
    async (request) => svc.updateRoom(requireAuth(request), request.params.id, request.body),
  );

  r.get(
    '/api/admin/scheduling/types',
    {
      config,
      schema: {
        tags,
        summary: 'Appointment types (including inactive ones)',
        response: { 200: z.object({ types: z.array(c.appointmentType) }) },
      },
    },
    async (request) => svc.types(requireAuth(request)),
  );

  r.post(
    '/api/admin/scheduling/types',
    {
      config,
      schema: {
        tags,
        summary: 'Add an appointment type',
        body: c.typeBody,
        response: { 201: c.appointmentType },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.createType(requireAuth(request), request.body)),
  );

  r.put(
    '/api/admin/scheduling/types/:id',
    {
      config,
      schema: {
        tags,
        summary:
          'Edit an appointment type (length, what it holds, instructions); booked visits keep their times',
        params,
        body: c.typeBody,
        response: { 200: c.appointmentType },
      },
    },
    async (request) => svc.updateType(requireAuth(request), request.params.id, request.body),
  );

  r.get(
    '/api/admin/scheduling/settings',
    {
      config,
      schema: {
        tags,
        summary: 'Reminder intervals, cancellation notice and self-booking',
        response: { 200: c.schedulingSettings },
      },
    },
    async (request) => svc.settings(requireAuth(request)),
  );

  r.put(
    '/api/admin/scheduling/settings',
    {
      config,
      schema: {
        tags,
        summary:
          'Change reminder intervals, cancellation notice and self-booking (applies to visits booked from now on)',
        body: c.schedulingSettings,
        response: { 200: c.schedulingSettings },
      },
    },
    async (request) => svc.updateSettings(requireAuth(request), request.body),
  );

  r.get(
    '/api/admin/scheduling/staff',
    {
      config,
      schema: {
        tags,
        summary: 'The active clinicians whose working hours and time off can be set',
        response: { 200: c.schedulingStaffList },
      },
    },
    async (request) => svc.staff(requireAuth(request)),
  );

  r.get(
    '/api/admin/scheduling/staff/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A staff member’s weekly working hours and time off',
        params,
        response: { 200: c.availability },
      },
    },
    async (request) => svc.availability(requireAuth(request), request.params.id),
  );

  r.put(
    '/api/admin/scheduling/staff/:id/hours',
    {
      config,
      schema: {
        tags,
        summary: 'Replace a staff member’s weekly working hours (local times per site)',
        params,
        body: c.hoursBody,
        response: { 200: c.availability },
      },
    },
    async (request) => svc.setHours(requireAuth(request), request.params.id, request.body),
  );

  r.post(
    '/api/admin/scheduling/staff/:id/time-off',
    {
      config,
      schema: { tags, summary: 'Record time off', params, body: c.timeOffBody, response: { 201: c.timeOff } },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.addTimeOff(requireAuth(request), request.params.id, request.body)),
  );

  r.post(
    '/api/admin/scheduling/staff/:id/time-off/:timeOffId/remove',
    {
      config,
      schema: { tags, summary: 'Remove time off', params: c.timeOffParams, response: { 200: okSchema } },
    },
    async (request) => svc.removeTimeOff(requireAuth(request), request.params.id, request.params.timeOffId),
  );

  r.post(
    '/api/admin/scheduling/staff/:id/ical/revoke',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke a staff member’s calendar feed (e.g. a lost phone)',
        params,
        response: { 200: okSchema },
      },
    },
    async (request) => ical.revoke(requireAuth(request), request.params.id),
  );
}
