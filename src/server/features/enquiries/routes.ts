import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../../../contracts/common';
import {
  convertResponse,
  enquiryAccepted,
  enquiryBody,
  enquiryDetail,
  enquiryListQuery,
  enquiryListResponse,
  enquiryNote,
  enquiryNoteBody,
  enquirySchema,
  enquiryStatusBody,
} from '../../../contracts/enquiries';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { EnquiriesService } from './service';

export function registerEnquiryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, EnquiriesService);
  const tags = ['enquiries'];

  r.post(
    '/api/public/enquiries',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Request a consultation (public form; rate-limited per IP)',
        body: enquiryBody,
        response: { 201: enquiryAccepted },
      },
    },
    async (request, reply) => reply.status(201).send(await svc.submit(request.meta, request.body)),
  );

  r.get(
    '/api/enquiries',
    {
      config: { access: 'enquiries.manage' },
      schema: {
        tags,
        summary: 'The enquiry inbox: open enquiries, urgent first',
        querystring: enquiryListQuery,
        response: { 200: enquiryListResponse },
      },
    },
    async (request) => svc.list(requireAuth(request), request.query),
  );

  r.get(
    '/api/enquiries/:id',
    {
      config: { access: 'enquiries.manage' },
      schema: {
        tags,
        summary: 'One enquiry with its notes',
        params: idParam,
        response: { 200: enquiryDetail },
      },
    },
    async (request) => svc.get(requireAuth(request), request.params.id),
  );

  r.post(
    '/api/enquiries/:id/status',
    {
      config: { access: 'enquiries.manage' },
      schema: {
        tags,
        summary: 'Move an enquiry along (contacted, consultation booked, declined)',
        params: idParam,
        body: enquiryStatusBody,
        response: { 200: enquirySchema },
      },
    },
    async (request) =>
      svc.setStatus(requireAuth(request), request.params.id, request.body.status, request.body.note),
  );

  r.post(
    '/api/enquiries/:id/notes',
    {
      config: { access: 'enquiries.manage' },
      schema: {
        tags,
        summary: 'Add a note to an enquiry',
        params: idParam,
        body: enquiryNoteBody,
        response: { 201: enquiryNote },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.addNote(requireAuth(request), request.params.id, request.body.body)),
  );

  r.post(
    '/api/enquiries/:id/convert',
    {
      // Creating the patient record is the bigger act: it needs patients.write (the service also checks enquiries.manage).
      config: { access: 'patients.write' },
      schema: {
        tags,
        summary: 'Create the patient record from the enquiry',
        params: idParam,
        response: { 201: convertResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.convert(requireAuth(request), request.params.id)),
  );
}
