import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  countBody,
  inventory,
  inventoryBody,
  inventoryResult,
  inventorySheet,
  sheetLine,
} from '../../../contracts/ledger';
import { canonicalJson } from '../../../domain/ledger';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { sha256 } from '../../platform/crypto';
import { AppError, invalid, notFound } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { presentContainer, presentInventory } from './present';
import * as repo from './repository';
import { LedgerService, requirePermission, type WriteResult } from './service';
import { confirmPeople } from './witnesses';
import { clinicToday, type LedgerWriter } from './writer';

type In<T extends z.ZodType> = z.infer<T>;
type Out<T extends z.ZodType> = z.infer<T>;
type Line = In<typeof countBody>['lines'][number];

/**
 * How a container must be counted (21 CFR 1304.11(e)(3)): an unopened commercial container is counted
 * exactly; an opened Schedule III container may be estimated, unless it holds more than 1,000 units.
 */
export function countMethod(v: repo.ContainerView): Out<typeof sheetLine>['method'] {
  const opened = Number(v.balance_ug) !== Number(v.initial_ug);
  if (!opened) return 'exact';
  if (v.units_per_container !== null && Number(v.units_per_container) > 1000) return 'exact';
  return 'estimate_allowed';
}

/**
 * Physical counts. A routine count covers every container in one safe; the initial and biennial
 * inventories (21 CFR 1304.11(b), (c)) cover every container of the registrant and are signed by the person
 * who took them. Each line is a `count` event; a line that differs from the books opens a discrepancy, which
 * stays on the worklist until an adjust (reason + witness) or a theft/loss report resolves it.
 */
export class CountService {
  private readonly ledger: LedgerService;
  constructor(private readonly ctx: AppContext) {
    this.ledger = serviceOf(ctx, LedgerService);
  }

  async count(auth: AuthContext, b: In<typeof countBody>): Promise<WriteResult> {
    requirePermission(auth, 'ledger.write');
    return this.ledger.run(auth, [], async (w) => {
      if (!(await repo.findLocation(w.trx, b.locationId))) throw invalid('locationId', 'No such location');
      const expected = await repo.listContainerViews(w.trx, { locationId: b.locationId, inStock: true });
      const n = await this.countLines(w, b.lines, expected, 'routine', null, b.locationId);
      return {
        audit: {
          action: 'ledger.count',
          objectType: 'ledger_location',
          objectId: b.locationId,
          detail: { lines: b.lines.length, discrepancies: n },
        },
      };
    });
  }

  /** Appends one count event per line; every expected container must be on the sheet. */
  private async countLines(
    w: LedgerWriter,
    lines: Line[],
    expected: repo.ContainerView[],
    kind: 'routine' | 'initial' | 'biennial',
    inventoryId: string | null,
    /** A routine count is of one safe: a container kept elsewhere is refused (409), not counted where it is. */
    countedAt: string | null = null,
  ): Promise<number> {
    const seen = new Set<string>();
    lines.forEach((l, i) => {
      if (seen.has(l.containerId)) throw invalid(`lines.${i}.containerId`, 'This container is counted twice');
      seen.add(l.containerId);
    });
    const missing = expected.filter((v) => !seen.has(v.id));
    if (missing.length) {
      const labels = missing
        .slice(0, 20)
        .map((v) => v.label)
        .join(', ');
      throw invalid('lines', `Count every container: ${missing.length} not counted (${labels})`);
    }
    const views = new Map((await repo.listContainerViews(w.trx, { ids: [...seen] })).map((v) => [v.id, v]));
    let discrepancies = 0;
    for (const [i, l] of lines.entries()) {
      const v = views.get(l.containerId);
      if (!v) throw invalid(`lines.${i}.containerId`, 'No such container');
      if (l.estimated && countMethod(v) === 'exact') {
        throw invalid(
          `lines.${i}.estimated`,
          'This container must be counted exactly (unopened, or more than 1,000 units)',
        );
      }
      const a = await w.append(
        {
          ...w.base(),
          type: 'count',
          containerId: l.containerId,
          locationId: countedAt ?? v.location_id,
          observedUg: l.observedUg,
          kind,
          estimated: l.estimated,
        },
        { inventoryId },
      );
      if (a.discrepancy && !a.discrepancy.matches) discrepancies++;
    }
    return discrepancies;
  }

  async sheet(auth: AuthContext): Promise<Out<typeof inventorySheet>> {
    requirePermission(auth, 'ledger.read');
    const { db, clock } = this.ctx;
    const today = await clinicToday(db, clock);
    const views = await repo.listContainerViews(db, { inStock: true });
    const registrations = [...new Set((await repo.listLocations(db)).map((l) => l.dea_registration))].sort();
    return {
      localDate: today,
      registrations,
      lines: views.map((v) => ({ container: presentContainer(v, today), method: countMethod(v) })),
    };
  }

  async takeInventory(auth: AuthContext, b: In<typeof inventoryBody>): Promise<Out<typeof inventoryResult>> {
    requirePermission(auth, 'ledger.write');
    // The signature: the person taking the inventory confirms with their own password (and code).
    const signer = await confirmPeople(this.ctx, auth, [{ email: auth.email, ...b.signature }], {
      field: 'signature',
      list: false,
      permission: 'ledger.write',
      who: 'signer',
      self: true,
    });
    const id = randomUUID();
    const result = await this.ledger.run(auth, signer, async (w) => {
      const expected = await repo.listContainerViews(w.trx, { inStock: true });
      const n = await this.countLines(w, b.lines, expected, b.kind, id);
      const registrations = [
        ...new Set((await repo.listLocations(w.trx)).map((l) => l.dea_registration)),
      ].sort();
      const lines = w.appended.map((a) => ({
        containerId: a.row.container_id,
        lotId: a.row.lot_id,
        productId: a.row.product_id,
        locationId: a.row.location_id,
        observedUg: Number(a.row.observed_ug),
        expectedUg: Number(a.row.expected_ug),
        eventId: a.row.id,
      }));
      const signedAt = w.base().at;
      await repo.insertInventory(w.trx, {
        id,
        kind: b.kind,
        as_of: b.asOf,
        local_date: w.localDate,
        registrations: JSON.stringify(registrations),
        line_count: lines.length,
        total_ug: lines.reduce((s, l) => s + l.observedUg, 0),
        signed_by: auth.userId,
        signed_at: signedAt,
        content_hash: sha256(
          canonicalJson({
            kind: b.kind,
            asOf: b.asOf,
            localDate: w.localDate,
            registrations,
            lines,
            signedBy: auth.userId,
            signedAt,
          }),
        ),
      });
      return {
        audit: {
          action: 'ledger.inventory',
          objectType: 'ledger_inventory',
          objectId: id,
          detail: { kind: b.kind, lines: lines.length, discrepancies: n },
        },
      };
    });
    const row = await repo.findInventory(this.ctx.db, id);
    if (!row) throw new AppError('internal');
    return { inventory: presentInventory(row), discrepancies: result.discrepancies };
  }

  async listInventories(auth: AuthContext): Promise<Out<typeof inventory>[]> {
    requirePermission(auth, 'ledger.read');
    return (await repo.listInventories(this.ctx.db)).map(presentInventory);
  }

  async findInventory(auth: AuthContext, id: string): Promise<repo.InventoryRow> {
    requirePermission(auth, 'ledger.read');
    const row = await repo.findInventory(this.ctx.db, id);
    if (!row) throw notFound('inventory');
    return row;
  }
}
