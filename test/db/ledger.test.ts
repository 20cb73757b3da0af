import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/connection';
import { isPostgres } from '../../src/server/db/dialect';
import { migrateToLatest } from '../../src/server/db/migrate';
import {
  LEDGER_GENESIS,
  LedgerChainVerifier,
  ledgerHash,
  verifyLedger,
} from '../../src/server/features/ledger/chain';
import type { EventRow } from '../../src/server/features/ledger/repository';
import { LedgerService } from '../../src/server/features/ledger/service';
import { StockService } from '../../src/server/features/ledger/stock';
import type { AuthContext } from '../../src/server/platform/auth-context';
import { FakeClock } from '../../src/server/platform/clock';
import { permissionsFor, type Role } from '../../src/server/platform/permissions';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../support/app';
import { liminalCommand } from '../support/cli';
import { testEngine } from '../support/db';

/** S4 for the ledger: insert-only on both engines, hash-chained, every tampering of a copy detected. */
let t: TestApp;
let rows: EventRow[];
let head: { seq: number; hash: string; count: number };

const authOf = (u: { id: string; email: string }, role: Role): AuthContext => ({
  userId: u.id,
  role,
  name: role,
  email: u.email,
  permissions: new Set(permissionsFor(role)),
  patientId: null,
  sessionId: 'x',
  mfaVerified: true,
  emergency: false,
  ip: null,
  requestId: 'x',
});

/** A small, varied ledger written through the services. */
async function seedLedger(
  app: { ctx: TestApp['ctx'] },
  users: { nurse: AuthContext; admin: AuthContext; witness: { email: string } },
) {
  const stock = new StockService(app.ctx);
  const ledger = new LedgerService(app.ctx);
  const safe = (await stock.createLocation(users.admin, { name: 'Main safe', deaRegistration: 'AB1234563' }))
    .id;
  const product = (
    await stock.createProduct(users.admin, {
      name: 'Ketamine 50 mg/mL, 10 mL',
      ndc: '0409-2051-05',
      form: 'solution',
      strengthUgPerMl: 50_000,
      containerVolumeMl: 10,
      singleUse: false,
    })
  ).id;
  const r = await ledger.receive(users.nurse, {
    productId: product,
    lotNumber: 'T1',
    expiresOn: '2028-01-01',
    locationId: safe,
    containerCount: 3,
    supplier: 'Acme',
    invoiceNumber: 'I',
    receivedOn: '2026-11-25',
  });
  for (const [i, c] of r.containers.entries()) {
    for (let d = 0; d < 3; d++)
      await ledger.administer(users.nurse, {
        containerId: c.id,
        locationId: safe,
        quantityUg: 40_000 + i * 1000 + d,
        patientId: `p${d}`,
        sessionId: `s${i}${d}`,
      });
    await ledger.waste(users.nurse, {
      containerId: c.id,
      locationId: safe,
      quantityUg: 1000,
      witnesses: [{ email: users.witness.email, password: TEST_PASSWORD }],
    });
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  const witness = await t.createUser({ role: 'nurse' });
  await seedLedger(t, {
    nurse: authOf(await t.createUser({ role: 'nurse' }), 'nurse'),
    admin: authOf(await t.createUser({ role: 'admin' }), 'admin'),
    witness,
  });
  rows = (await t.ctx.db.selectFrom('ledger_events').selectAll().orderBy('seq').execute()) as EventRow[];
  const h = await t.ctx.db
    .selectFrom('chain_heads')
    .selectAll()
    .where('chain', '=', 'ledger')
    .executeTakeFirstOrThrow();
  head = { seq: Number(h.seq), hash: h.hash, count: Number(h.count) };
});
afterAll(async () => {
  await t.close();
});

describe('append-only ledger (S4)', () => {
  it('the database refuses UPDATE and DELETE of events, inventories and filings', async () => {
    const db = t.ctx.db;
    await expect(
      db
        .updateTable('ledger_events')
        .set({ quantity_ug: 1 })
        .where('seq', '=', rows[1]?.seq as number)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db
        .deleteFrom('ledger_events')
        .where('seq', '=', rows[1]?.seq as number)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(sql`update ledger_events set delta_ug = 0`.execute(db)).rejects.toThrow(/append-only/);
    const now = new Date().toISOString();
    await db
      .insertInto('ledger_inventories')
      .values({
        id: 'inv-x',
        kind: 'biennial',
        as_of: 'close',
        local_date: '2026-11-25',
        registrations: '[]',
        line_count: 0,
        total_ug: 0,
        signed_by: 'u',
        signed_at: now,
        content_hash: 'h',
      })
      .execute();
    await db
      .insertInto('ledger_filings')
      .values({
        id: 'fil-x',
        event_id: rows[0]?.id as string,
        kind: 'dea_notice',
        filed_on: '2026-11-25',
        reference: null,
        actor_id: 'u',
        created_at: now,
      })
      .execute();
    await expect(sql`delete from ledger_inventories`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update ledger_inventories set total_ug = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update ledger_filings set kind = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger_filings`.execute(db)).rejects.toThrow(/append-only/);
    if (isPostgres(db))
      await expect(sql`truncate ledger_events cascade`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, checked: rows.length, projection: [] });
  });

  it('each entry is chained to the previous one from a known genesis', () => {
    expect(rows[0]?.prev_hash).toBe(LEDGER_GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(head).toMatchObject({ hash: rows.at(-1)?.hash, count: rows.length });
  });

  it('a cached balance that disagrees with the events is reported', async () => {
    const c = rows[0]?.container_id as string;
    await t.ctx.db.updateTable('ledger_containers').set({ balance_ug: 1 }).where('id', '=', c).execute();
    const v = await verifyLedger(t.ctx.db);
    expect(v.ok).toBe(false);
    expect(v.projection).toEqual([expect.objectContaining({ containerId: c, cachedUg: 1 })]);
    const sum = await t.ctx.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.sum<number>('delta_ug').as('s'))
      .where('container_id', '=', c)
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('ledger_containers')
      .set({ balance_ug: Number(sum.s) })
      .where('id', '=', c)
      .execute();
    expect((await verifyLedger(t.ctx.db)).ok).toBe(true);
  });
});

describe('tamper detection on a copy', () => {
  const verify = (copy: EventRow[], h: typeof head | undefined = head) => {
    const v = new LedgerChainVerifier();
    v.push(copy);
    return v.finish(h);
  };
  const FIELDS = [
    'at',
    'local_date',
    'type',
    'container_id',
    'location_id',
    'quantity_ug',
    'delta_ug',
    'balance_after_ug',
    'actor_id',
    'witness_ids',
    'patient_id',
    'reason',
    'payload',
    'prev_hash',
    'hash',
  ] as const;
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('edit' as const),
      index: fc.nat(),
      field: fc.constantFrom(...FIELDS),
      value: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.integer()),
    }),
    fc.record({ kind: fc.constant('delete' as const), index: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), index: fc.nat(), rehash: fc.boolean() }),
    fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), index: fc.nat() }),
  );

  it('a clean copy verifies (no false alarms)', () => {
    expect(verify(rows)).toMatchObject({ ok: true, checked: rows.length });
  });

  it('detects every one of many random edits, deletions, insertions, truncations and swaps', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const copy = rows.map((r) => ({ ...r }));
        const n = copy.length;
        if (m.kind === 'edit') {
          const row = copy[m.index % n] as unknown as Record<string, unknown>;
          row[m.field] = String(row[m.field]) === String(m.value) ? `${m.value}x` : m.value;
        } else if (m.kind === 'delete') {
          copy.splice(m.index % n, 1);
        } else if (m.kind === 'insert') {
          // A forged entry, even one sealed correctly onto its predecessor, breaks the next link or the head.
          const i = m.index % (n + 1);
          const prev = i === 0 ? LEDGER_GENESIS : (copy[i - 1] as EventRow).hash;
          const forged = {
            ...(copy[Math.min(i, n - 1)] as EventRow),
            id: 'forged',
            quantity_ug: 1,
            prev_hash: prev,
          };
          if (m.rehash) {
            const { seq: _s, hash: _h, ...f } = forged;
            forged.hash = ledgerHash(f);
          }
          copy.splice(i, 0, forged);
        } else if (m.kind === 'truncate') {
          copy.length = m.keep % n;
        } else {
          const i = m.index % (n - 1);
          [copy[i], copy[i + 1]] = [copy[i + 1] as EventRow, copy[i] as EventRow];
        }
        expect(verify(copy).ok).toBe(false);
      }),
      { numRuns: 500, seed: 6 },
    );
  });

  it('names the first broken entry', () => {
    const copy = rows.map((r) => ({ ...r }));
    (copy[5] as EventRow).quantity_ug = 1;
    (copy[9] as EventRow).quantity_ug = 1;
    expect(verify(copy).firstBroken).toMatchObject({
      seq: Number(rows[5]?.seq),
      id: rows[5]?.id,
      reason: expect.stringMatching(/edited/),
    });
    const cut = verify(rows.slice(0, 7));
    expect(cut.firstBroken?.reason).toMatch(/cut off the end/);
  });
});

const CLI = liminalCommand();
const sqliteOnly = testEngine() === 'sqlite' ? describe : describe.skip;

sqliteOnly('liminal ledger verify', () => {
  it('exits 0 on an intact ledger, and 1 naming the first broken entry after an edit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lim-ledger-'));
    const file = path.join(dir, 'liminal.db');
    const handle = connect({ engine: 'sqlite', sqliteFile: file });
    await migrateToLatest(handle.db);
    // Write through the services on the CLI's database file.
    const app = { ctx: { ...t.ctx, db: handle.db, clock: new FakeClock() } };
    const mk = async (role: Role) => {
      const u = await t.createUser({ role });
      const row = await t.ctx.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow();
      await handle.db.insertInto('users').values(row).execute();
      return { auth: authOf(u, role), email: u.email };
    };
    const nurse = await mk('nurse');
    const admin = await mk('admin');
    const witness = await mk('nurse');
    await seedLedger(app, { nurse: nurse.auth, admin: admin.auth, witness });
    const seq = Number(
      (
        await handle.db
          .selectFrom('ledger_events')
          .select('seq')
          .orderBy('seq')
          .offset(4)
          .limit(1)
          .executeTakeFirstOrThrow()
      ).seq,
    );
    await handle.close();

    const run = promisify(execFile);
    const env = { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dir };
    const ok = await run(process.execPath, [...CLI, 'ledger', 'verify'], { env, cwd: process.cwd() });
    expect(ok.stdout).toMatch(/Ledger chain intact: 15 entries/);

    const tamper = connect({ engine: 'sqlite', sqliteFile: file });
    tamper.sqlite?.exec(
      `drop trigger ledger_events_no_update; update ledger_events set quantity_ug = 1 where seq = ${seq};`,
    );
    await tamper.close();
    const broken = await run(process.execPath, [...CLI, 'ledger', 'verify'], {
      env,
      cwd: process.cwd(),
    }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`BROKEN at entry seq ${seq} .*edited`));
  }, 60_000);
});
