import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/server/features/ledger/chain';
import { CountService } from '../../src/server/features/ledger/counts';
import { LedgerService } from '../../src/server/features/ledger/service';
import { StockService } from '../../src/server/features/ledger/stock';
import type { AuthContext } from '../../src/server/platform/auth-context';
import { AppError } from '../../src/server/platform/errors';
import { permissionsFor, type Role } from '../../src/server/platform/permissions';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../support/app';

/**
 * S6 model test: random sequences of receive / administer / dispense / waste / destroy / transfer / count /
 * adjust / theft-loss commands run through the real services and database, against a tiny in-memory model
 * (a balance and a location per container). Each command is accepted exactly when the model says it may be;
 * a refused one changes nothing; after every command each balance equals the model's and the sum of its
 * events; at the end the chain verifies.
 */
let t: TestApp;
let nurse: AuthContext;
let admin: AuthContext;
let product: string;
let witnesses: Array<{ email: string; password: string }>;
let runNo = 0;
/** Accepted and refused commands by kind, so the test proves it exercised both paths. */
const stats = new Map<string, { ok: number; refused: number }>();
const tally = (op: string, ok: boolean) => {
  const s = stats.get(op) ?? { ok: 0, refused: 0 };
  s[ok ? 'ok' : 'refused']++;
  stats.set(op, s);
};

const authOf = (u: { id: string; email: string }, role: Role): AuthContext => ({
  userId: u.id,
  role,
  name: role,
  email: u.email,
  permissions: new Set(permissionsFor(role)),
  patientId: null,
  sessionId: 'model',
  mfaVerified: true,
  emergency: false,
  ip: null,
  requestId: 'model',
});

beforeAll(async () => {
  t = await buildTestApp();
  nurse = authOf(await t.createUser({ role: 'nurse' }), 'nurse');
  admin = authOf(await t.createUser({ role: 'admin' }), 'admin');
  witnesses = [await t.createUser({ role: 'nurse' }), await t.createUser({ role: 'prescriber' })].map(
    (u) => ({ email: u.email, password: TEST_PASSWORD }),
  );
  const stock = new StockService(t.ctx);
  product = (
    await stock.createProduct(admin, {
      name: 'Ketamine 50 mg/mL, 4 mL',
      ndc: '0409-2051-04',
      form: 'solution',
      strengthUgPerMl: 50_000,
      containerVolumeMl: 4,
      singleUse: false,
    })
  ).id;
});
afterAll(async () => {
  await t.close();
});

const qty = fc.integer({ min: 1, max: 120_000 });
const ix = fc.nat(7);
const loc = fc.nat(1);
/** Mostly at the container's own safe, so that enough commands pass to exercise the arithmetic. */
const here = fc.integer({ min: 0, max: 9 }).map((n) => n < 8);
const command = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('receive' as const),
      loc,
      qty: fc.integer({ min: 1, max: 200_000 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('administer' as const), c: ix, here, qty }) },
  fc.record({ op: fc.constant('dispense' as const), c: ix, here, qty }),
  fc.record({ op: fc.constant('waste' as const), c: ix, here, qty }),
  fc.record({ op: fc.constant('destroy' as const), c: ix, here, qty }),
  fc.record({ op: fc.constant('theft_loss' as const), c: ix, here, qty }),
  fc.record({ op: fc.constant('transfer' as const), c: ix, here, away: here }),
  fc.record({
    op: fc.constant('adjust' as const),
    c: ix,
    here,
    delta: fc.integer({ min: -100_000, max: 100_000 }).filter((d) => d !== 0),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('count' as const),
      loc,
      c: ix,
      off: fc.integer({ min: -5_000, max: 5_000 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('resolve' as const), c: ix, here }) },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

interface Model {
  containers: Array<{ id: string; balance: number; loc: number }>;
  /** Open discrepancies by container id: count event id and the difference. */
  open: Map<string, { id: string; difference: number }>;
}

async function outcome(
  p: Promise<{ discrepancies: Array<{ countEventId: string; containerId: string; differenceUg: number }> }>,
) {
  try {
    return { ok: true as const, result: await p };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { ok: false as const, status: err.status };
  }
}

describe('ledger model on the database (S6)', () => {
  it('random command sequences keep every invariant and the same balances as the model', async () => {
    const ledger = new LedgerService(t.ctx);
    const counts = new CountService(t.ctx);
    const stock = new StockService(t.ctx);
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 24, size: 'max' }), async (commands) => {
        runNo++;
        const locations = [
          (await stock.createLocation(admin, { name: `Safe A${runNo}`, deaRegistration: 'AB1234563' })).id,
          (await stock.createLocation(admin, { name: `Safe B${runNo}`, deaRegistration: 'AB1234563' })).id,
        ];
        const m: Model = { containers: [], open: new Map() };
        for (const cmd of commands) {
          await step(cmd, m, locations, ledger, counts);
          for (const c of m.containers) {
            const row = await t.ctx.db
              .selectFrom('ledger_containers')
              .selectAll()
              .where('id', '=', c.id)
              .executeTakeFirstOrThrow();
            const sum = await t.ctx.db
              .selectFrom('ledger_events')
              .select((eb) => eb.fn.sum<number>('delta_ug').as('s'))
              .where('container_id', '=', c.id)
              .executeTakeFirstOrThrow();
            expect(Number(row.balance_ug)).toBe(c.balance);
            expect(Number(sum.s)).toBe(c.balance);
            expect(row.location_id).toBe(locations[c.loc]);
            expect(c.balance).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 40, seed: 20261125 },
    );
    const verdict = await verifyLedger(t.ctx.db);
    expect(verdict).toMatchObject({ ok: true, projection: [] });
    // Both outcomes were exercised for every kind of movement.
    for (const op of ['administer', 'dispense', 'waste', 'destroy', 'theft_loss', 'adjust', 'transfer']) {
      expect(stats.get(op)?.ok, op).toBeGreaterThan(0);
      expect(stats.get(op)?.refused, op).toBeGreaterThan(0);
    }
    expect(stats.get('resolve')?.ok).toBeGreaterThan(0);
  }, 180_000);
});

async function step(
  cmd: Command,
  m: Model,
  locations: string[],
  ledger: LedgerService,
  counts: CountService,
): Promise<void> {
  if (cmd.op === 'receive') {
    const locationId = locations[cmd.loc] as string;
    const r = await ledger.receive(nurse, {
      productId: product,
      lotNumber: `M${runNo}`,
      expiresOn: '2030-01-01',
      locationId,
      containerCount: 1,
      quantityUgPerContainer: cmd.qty,
      supplier: 'Acme',
      invoiceNumber: 'I',
      receivedOn: '2026-11-25',
    });
    m.containers.push({ id: r.containers[0]?.id as string, balance: cmd.qty, loc: cmd.loc });
    return;
  }
  if (cmd.op === 'count') {
    const locationId = locations[cmd.loc] as string;
    const here = m.containers.filter((c) => c.loc === cmd.loc);
    if (!here.length) return;
    const target = here[cmd.c % here.length] as Model['containers'][number];
    const observed = Math.max(0, target.balance + cmd.off);
    const r = await counts.count(nurse, {
      locationId,
      lines: here.map((c) => ({
        containerId: c.id,
        observedUg: c === target ? observed : c.balance,
        estimated: false,
      })),
    });
    expect(r.discrepancies.map((d) => d.differenceUg)).toEqual(
      observed === target.balance ? [] : [observed - target.balance],
    );
    for (const d of r.discrepancies)
      m.open.set(d.containerId, { id: d.countEventId, difference: d.differenceUg });
    return;
  }
  if (!m.containers.length) return;
  const c = m.containers[cmd.c % m.containers.length] as Model['containers'][number];
  const at = cmd.here ? c.loc : 1 - c.loc;
  const locationId = locations[at] as string;
  const base = { containerId: c.id, locationId };
  const here = cmd.here;
  let allowed: boolean;
  let delta = 0;
  let run: () => Promise<{ discrepancies: never[] } & object>;
  switch (cmd.op) {
    case 'administer':
      delta = -cmd.qty;
      run = () =>
        ledger.administer(nurse, { ...base, quantityUg: cmd.qty, patientId: 'p', sessionId: 's' }) as never;
      break;
    case 'dispense':
      delta = -cmd.qty;
      run = () =>
        ledger.dispense(nurse, { ...base, quantityUg: cmd.qty, patientId: 'p', orderId: 'o' }) as never;
      break;
    case 'waste':
      delta = -cmd.qty;
      run = () =>
        ledger.waste(nurse, { ...base, quantityUg: cmd.qty, witnesses: [witnesses[0] as never] }) as never;
      break;
    case 'destroy':
      delta = -cmd.qty;
      run = () =>
        ledger.destroy(nurse, { ...base, quantityUg: cmd.qty, witnesses: witnesses as never }) as never;
      break;
    case 'theft_loss':
      delta = -cmd.qty;
      run = () =>
        ledger.theftLoss(nurse, {
          ...base,
          quantityUg: cmd.qty,
          kind: 'loss',
          discoveredOn: '2026-11-25',
        }) as never;
      break;
    case 'adjust':
      delta = cmd.delta;
      run = () =>
        ledger.adjust(nurse, {
          ...base,
          deltaUg: cmd.delta,
          reason: 'model',
          witnesses: [witnesses[0] as never],
        }) as never;
      break;
    case 'resolve': {
      const open = m.open.get(c.id);
      if (!open) return;
      delta = open.difference;
      run = () =>
        ledger.adjust(nurse, {
          ...base,
          deltaUg: open.difference,
          reason: 'count',
          discrepancyId: open.id,
          witnesses: [witnesses[0] as never],
        }) as never;
      break;
    }
    case 'transfer': {
      const toIx = cmd.away ? 1 - c.loc : c.loc;
      allowed = here && toIx !== c.loc;
      const r = await outcome(
        ledger.transfer(nurse, {
          containerId: c.id,
          fromLocationId: locationId,
          toLocationId: locations[toIx] as string,
        }),
      );
      expect(r.ok).toBe(allowed);
      tally(cmd.op, r.ok);
      if (!r.ok) expect([409, 422]).toContain(r.status);
      if (r.ok) c.loc = toIx;
      return;
    }
  }
  allowed = here && c.balance + delta >= 0;
  const r = await outcome(run());
  expect(r.ok).toBe(allowed);
  tally(cmd.op, r.ok);
  if (!r.ok) expect(r.status).toBe(409);
  if (r.ok) {
    c.balance += delta;
    if (cmd.op === 'resolve') m.open.delete(c.id);
  }
}
