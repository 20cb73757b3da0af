import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/journal';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { JournalPromptService } from './prompts';
import { PortalJournalService, StaffJournalService } from './service';

const portal = { access: 'portal.self', patientData: true } as const;
const base = '/api/portal/journal';

/** The journal's routes (issue #17): the patient's own (portal), the chart's (shared only), the clinic's prompts. */
export function registerJournalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const mine = serviceOf(ctx, PortalJournalService);
  const staff = serviceOf(ctx, StaffJournalService);
  const prompts = serviceOf(ctx, JournalPromptService);
  const tags = ['portal', 'journal'];
  const saved = { 200: c.savedEntry };

  r.get(
    base,
    {
      config: portal,
      schema: {
        tags,
        summary: 'My journal: every entry (private and shared), the prompts due now and today’s intentions',
        response: { 200: c.portalJournal },
      },
    },
    async (q) => mine.overview(requireAuth(q)),
  );
  r.get(
    `${base}/:id`,
    {
      config: portal,
      schema: {
        tags,
        summary: 'One of my entries',
        params: c.entryParams,
        response: { 200: c.journalEntry },
      },
    },
    async (q) => mine.read(requireAuth(q), q.params.id),
  );
  r.post(
    base,
    {
      config: portal,
      schema: {
        tags,
        summary:
          'Start an entry (private; the first save of a draft). Crisis language shows resources at once',
        body: c.createEntryBody,
        response: { 201: c.savedEntry },
      },
    },
    async (q, reply) => reply.status(201).send(await mine.create(requireAuth(q), q.body)),
  );
  r.put(
    `${base}/:id`,
    {
      config: portal,
      schema: {
        tags,
        summary: 'Save an entry as I type',
        params: c.entryParams,
        body: c.updateEntryBody,
        response: saved,
      },
    },
    async (q) => mine.update(requireAuth(q), q.params.id, q.body),
  );
  r.post(
    `${base}/:id/share`,
    {
      config: portal,
      schema: {
        tags,
        summary: 'Share an entry with my care team',
        params: c.entryParams,
        body: z.object({}).strict(),
        response: saved,
      },
    },
    async (q) => mine.share(requireAuth(q), q.params.id),
  );
  r.post(
    `${base}/:id/withdraw`,
    {
      config: portal,
      schema: {
        tags,
        summary: 'Stop sharing an entry (the care team then sees only that it was shared, not the text)',
        params: c.entryParams,
        body: z.object({}).strict(),
        response: saved,
      },
    },
    async (q) => mine.withdraw(requireAuth(q), q.params.id),
  );

  r.get(
    '/api/patients/:id/journal',
    {
      config: { access: 'clinical.read', patientData: true },
      schema: {
        tags: ['journal'],
        summary: 'The entries a patient has shared (text only while shared; withdrawn ones show their dates)',
        params: c.patientParams,
        response: { 200: c.sharedJournal },
      },
    },
    async (q) => staff.list(requireAuth(q), q.params.id),
  );

  r.get(
    '/api/admin/journal/prompts',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['journal'],
        summary: 'The journal’s prompt templates and shipped defaults',
        response: { 200: c.promptSettings },
      },
    },
    async (q) => prompts.read(requireAuth(q)),
  );
  r.put(
    '/api/admin/journal/prompts',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags: ['journal'],
        summary: 'Save the journal’s prompt templates as a new version (audited)',
        body: c.savePromptsBody,
        response: { 200: c.promptSettings },
      },
    },
    async (q) => prompts.save(requireAuth(q), q.body),
  );
}
