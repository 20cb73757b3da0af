import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publishRuleSetBody, ruleSetOverview, ruleSetParams, ruleSetView } from '../../../contracts/rules';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { RuleSetsService } from './service';

export function registerRuleSetRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = serviceOf(ctx, RuleSetsService);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  r.get(
    '/api/admin/rule-sets',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: "The clinic's safety rules: the current version and every earlier one",
        response: { 200: ruleSetOverview },
      },
    },
    async (request) => svc.overview(requireAuth(request)),
  );
  r.get(
    '/api/admin/rule-sets/:version',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'One published version of the safety rules',
        params: ruleSetParams,
        response: { 200: ruleSetView },
      },
    },
    async (request) => svc.version(requireAuth(request), request.params.version),
  );
  r.post(
    '/api/admin/rule-sets',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Publish a new version of the safety rules (new sessions use it at once; audited)',
        body: publishRuleSetBody,
        response: { 201: ruleSetOverview },
      },
    },
    async (request, reply) => reply.status(201).send(await svc.publish(requireAuth(request), request.body)),
  );
}
