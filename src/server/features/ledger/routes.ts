import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/ledger';
import type { AppContext } from '../../platform/context';
import { requireAuth } from '../../platform/require-auth';
import { serviceOf } from '../../platform/services';
import { CountService } from './counts';
import { toCsv, toPdf } from './render';
import { type Report, ReportService } from './reports';
import { LedgerService } from './service';
import { StockService } from './stock';
import { WorklistService } from './worklist';

const tags = ['ledger'];
const created = { 201: c.writeResponse };

/** Reports answer JSON on screen, or a CSV / PDF download with ?format=. */
async function sendReport(reply: FastifyReply, report: Report, format: 'json' | 'csv' | 'pdf') {
  if (format === 'json') return reply.send(report);
  const name = `liminal-${report.kind.replace('_', '-')}${report.from ? `-${report.from}` : ''}${report.to ? `-to-${report.to}` : ''}`;
  const body = format === 'csv' ? Buffer.from(toCsv(report), 'utf8') : await toPdf(report);
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .send(body as never);
}

/** The controlled-substance ledger (issue #6). Thin routes: each calls one service method. */
export function registerLedgerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ledger = serviceOf(ctx, LedgerService);
  const stock = serviceOf(ctx, StockService);
  const counts = serviceOf(ctx, CountService);
  const work = serviceOf(ctx, WorklistService);
  const reports = serviceOf(ctx, ReportService);

  // ── Reference data ──
  r.post(
    '/api/ledger/locations',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Add a safe under a DEA registration',
        body: c.locationBody,
        response: { 201: c.location },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await stock.createLocation(requireAuth(request), request.body)),
  );

  r.get(
    '/api/ledger/locations',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Safes and their DEA registrations',
        response: { 200: z.object({ locations: z.array(c.location) }) },
      },
    },
    async (request) => ({ locations: await stock.listLocations(requireAuth(request)) }),
  );

  r.post(
    '/api/ledger/products',
    {
      config: { access: 'settings.manage' },
      schema: {
        tags,
        summary: 'Add a controlled product (NDC, form, strength, container size)',
        body: c.productBody,
        response: { 201: c.product },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await stock.createProduct(requireAuth(request), request.body)),
  );

  r.get(
    '/api/ledger/products',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Controlled products',
        response: { 200: z.object({ products: z.array(c.product) }) },
      },
    },
    async (request) => ({ products: await stock.listProducts(requireAuth(request)) }),
  );

  r.get(
    '/api/ledger/containers',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Containers (vials, cards) with their balances',
        querystring: c.containerQuery,
        response: { 200: z.object({ containers: z.array(c.container) }) },
      },
    },
    async (request) => ({ containers: await stock.listContainers(requireAuth(request), request.query) }),
  );

  r.get(
    '/api/ledger/containers/:id',
    {
      config: { access: 'ledger.read', patientData: true },
      schema: {
        tags,
        summary: 'One container and its full history',
        params: c.containerIdParam,
        response: { 200: c.containerDetail },
      },
    },
    async (request) => stock.containerDetail(requireAuth(request), request.params.id),
  );

  r.get(
    '/api/ledger/events',
    {
      config: { access: 'ledger.read', patientData: true },
      schema: {
        tags,
        summary: 'Ledger events, newest first',
        querystring: c.eventQuery,
        response: { 200: c.eventList },
      },
    },
    async (request) => stock.listEvents(requireAuth(request), request.query),
  );

  // ── Movements (each appends hash-chained events; 409 when the stock does not allow it) ──
  const movement = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (auth: ReturnType<typeof requireAuth>, b: z.infer<B>) => Promise<c.LedgerWriteOut>,
    patientData = false,
  ) =>
    r.post(
      path,
      {
        config: { access: 'ledger.write', patientData },
        schema: { tags, summary, body, response: created },
      },
      async (request, reply) =>
        reply.status(201).send(await run(requireAuth(request), request.body as z.infer<B>)),
    );

  movement(
    '/api/ledger/receive',
    'Receive stock: a lot of containers from a supplier invoice',
    c.receiveBody,
    (a, b) => ledger.receive(a, b),
  );
  movement(
    '/api/ledger/administrations',
    'Give a dose from a container (prompts for the waste of a single-use rest)',
    c.administerBody,
    (a, b) => ledger.administer(a, b),
    true,
  );
  movement(
    '/api/ledger/dispensations',
    "Dispense take-home doses on a prescriber's order",
    c.dispenseBody,
    (a, b) => ledger.dispense(a, b),
    true,
  );
  movement('/api/ledger/waste', 'Waste the unused rest of a container (one witness)', c.wasteBody, (a, b) =>
    ledger.waste(a, b),
  );
  movement(
    '/api/ledger/transfers',
    'Move a container between safes, or out to a reverse distributor',
    c.transferBody,
    (a, b) => ledger.transfer(a, b),
  );
  movement(
    '/api/ledger/destructions',
    'Destroy stock on site (two witnesses; DEA Form 41)',
    c.destroyBody,
    (a, b) => ledger.destroy(a, b),
  );
  movement(
    '/api/ledger/adjustments',
    'Adjust a balance, with a reason and a witness (resolves a discrepancy)',
    c.adjustBody,
    (a, b) => ledger.adjust(a, b),
  );
  movement(
    '/api/ledger/theft-loss',
    'Report a theft or loss (starts the DEA deadlines)',
    c.theftLossBody,
    (a, b) => ledger.theftLoss(a, b),
  );
  movement('/api/ledger/counts', 'Count a safe: differences open discrepancies', c.countBody, (a, b) =>
    counts.count(a, b),
  );

  r.post(
    '/api/ledger/theft-loss/:id/filings',
    {
      config: { access: 'ledger.write' },
      schema: {
        tags,
        summary: 'Record the DEA notice or Form 106 for a theft/loss report',
        params: c.eventIdParam,
        body: c.filingBody,
        response: { 201: c.filing },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ledger.file(requireAuth(request), request.params.id, request.body)),
  );

  // ── Inventories, worklist, verification ──
  r.get(
    '/api/ledger/inventory/sheet',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'The guided count sheet: every container in stock, exact or estimated',
        response: { 200: c.inventorySheet },
      },
    },
    async (request) => counts.sheet(requireAuth(request)),
  );

  r.post(
    '/api/ledger/inventories',
    {
      config: { access: 'ledger.write' },
      schema: {
        tags,
        summary: 'Take and sign the initial or biennial inventory',
        body: c.inventoryBody,
        response: { 201: c.inventoryResult },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await counts.takeInventory(requireAuth(request), request.body)),
  );

  r.get(
    '/api/ledger/inventories',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Signed inventories, newest first',
        response: { 200: z.object({ inventories: z.array(c.inventory) }) },
      },
    },
    async (request) => ({ inventories: await counts.listInventories(requireAuth(request)) }),
  );

  r.get(
    '/api/ledger/worklist',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Deadlines, open discrepancies, inventory due, expiring lots, low stock',
        querystring: c.worklistQuery,
        response: { 200: c.worklist },
      },
    },
    async (request) => work.worklist(requireAuth(request), request.query.expiringWithinDays),
  );

  r.get(
    '/api/ledger/verify',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Verify the ledger hash chain and balances',
        response: { 200: c.verifyResponse },
      },
    },
    async (request) => ledger.verify(requireAuth(request)),
  );

  // ── Reports ──
  r.get(
    '/api/ledger/reports/running-log',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Per-product running log (JSON, CSV or PDF)',
        querystring: c.runningLogQuery,
        response: { 200: c.report },
      },
    },
    async (request, reply) =>
      sendReport(
        reply,
        await reports.runningLog(requireAuth(request), request.query.productId, request.query),
        request.query.format,
      ),
  );

  r.get(
    '/api/ledger/reports/patients',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Patients with doses on record, by name or chart number (for the patient log)',
        querystring: c.ledgerPatientQuery,
        response: { 200: c.ledgerPatientList },
      },
    },
    async (request) => reports.patients(requireAuth(request), request.query.q),
  );

  r.get(
    '/api/ledger/reports/patients/:patientId',
    {
      config: { access: 'ledger.read', patientData: true },
      schema: {
        tags,
        summary: "A patient's administration and dispensing log",
        params: c.patientLogParams,
        querystring: c.rangeQuery,
        response: { 200: c.report },
      },
    },
    async (request, reply) =>
      sendReport(
        reply,
        await reports.patientLog(requireAuth(request), request.params.patientId, request.query),
        request.query.format,
      ),
  );

  r.get(
    '/api/ledger/reports/discrepancies',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'Count discrepancies and their resolution',
        querystring: c.rangeQuery,
        response: { 200: c.report },
      },
    },
    async (request, reply) =>
      sendReport(
        reply,
        await reports.discrepancies(requireAuth(request), request.query),
        request.query.format,
      ),
  );

  r.get(
    '/api/ledger/reports/inventories/:id',
    {
      config: { access: 'ledger.read' },
      schema: {
        tags,
        summary: 'The signed inventory record',
        params: c.inventoryIdParam,
        querystring: c.formatQuery,
        response: { 200: c.report },
      },
    },
    async (request, reply) =>
      sendReport(
        reply,
        await reports.inventory(requireAuth(request), request.params.id, request.query.format),
        request.query.format,
      ),
  );
}
