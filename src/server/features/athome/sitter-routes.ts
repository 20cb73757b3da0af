import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/athome';
import type { AppContext } from '../../platform/context';
import { serviceOf } from '../../platform/services';
import { AtHomeSitterService } from './service-sitter';

const tags = ['sitter'];
/**
 * The sitter has no account: the route is public as far as sign-in goes, and the sitter's code or token in the
 * `x-sitter-token` header is the credential (checked by the service: one session, while it runs).
 */
const cfg = { access: 'public', patientData: true } as const;
const secret = (q: FastifyRequest) => {
  const v = q.headers[c.SITTER_TOKEN_HEADER];
  return typeof v === 'string' ? v : undefined;
};

export function registerAtHomeSitterRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = serviceOf(ctx, AtHomeSitterService);
  const view = { 200: c.sitterView };

  r.get(
    '/api/sitter/session',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'The session this sitter code or token opens: check-in status, what is due, help numbers',
        response: view,
      },
    },
    async (q) => svc.read(q.meta, secret(q)),
  );
  r.post(
    '/api/sitter/confirm',
    {
      config: cfg,
      schema: {
        tags,
        summary:
          'Confirm presence with the one-time code (spent at once); returns the sitter’s own token, once',
        body: c.sitterConfirmBody,
        response: { 200: c.sitterConfirmed },
      },
    },
    async (q) => svc.confirm(q.meta, secret(q)),
  );
  r.post(
    '/api/sitter/visual-checks',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Record a visual check on the patient (not OK alerts the care team)',
        body: c.visualCheckBody,
        response: view,
      },
    },
    async (q) => svc.visualCheck(q.meta, secret(q), q.body),
  );
  r.post(
    '/api/sitter/check-ins',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Answer a timed check-in for the patient',
        body: c.timedCheckInBody,
        response: view,
      },
    },
    async (q) => svc.checkIn(q.meta, secret(q), q.body),
  );
  r.post(
    '/api/sitter/help',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Help: alerts the on-call clinician and returns the numbers to call',
        body: c.helpBody,
        response: { 200: c.helpResult },
      },
    },
    async (q) => svc.help(q.meta, secret(q), q.body.note ?? null),
  );
  r.post(
    '/api/sitter/check-out',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'The sitter’s check-out (after the earliest check-out time)',
        body: c.sitterCheckoutBody,
        response: view,
      },
    },
    async (q) => svc.checkOut(q.meta, secret(q), q.body),
  );
}
