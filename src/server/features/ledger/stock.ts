import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AuditAction } from '../../../contracts/audit-actions';
import type {
  container,
  containerQuery,
  eventQuery,
  LedgerEventOut,
  location,
  locationBody,
  product,
  productBody,
} from '../../../contracts/ledger';
import { fromBool, isUniqueViolation, type Tx } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { presentContainer, presentEvent, presentLocation, presentProduct } from './present';
import * as repo from './repository';
import { requirePermission } from './service';
import { clinicToday } from './writer';

type In<T extends z.ZodType> = z.infer<T>;
type Out<T extends z.ZodType> = z.infer<T>;

/**
 * Reference data (safes under a DEA registration, products) and reading the stock and its history. Setting
 * up safes and products is clinic configuration (settings.manage); reading needs ledger.read. Reads that
 * can show patient ids (event lists, a container's history) are audited (S3).
 */
export class StockService {
  constructor(private readonly ctx: AppContext) {}

  async createLocation(auth: AuthContext, b: In<typeof locationBody>): Promise<Out<typeof location>> {
    requirePermission(auth, 'settings.manage');
    const row = {
      id: randomUUID(),
      name: b.name,
      dea_registration: b.deaRegistration,
      created_by: auth.userId,
      created_at: this.ctx.clock.now().toISOString(),
    };
    await this.insert('name', 'A location with this name already exists', async (trx) => {
      await repo.insertLocation(trx, row);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'ledger.location_create',
        objectType: 'ledger_location',
        objectId: row.id,
        detail: { deaRegistration: row.dea_registration },
      });
    });
    return presentLocation(row);
  }

  async listLocations(auth: AuthContext): Promise<Out<typeof location>[]> {
    requirePermission(auth, 'ledger.read');
    return (await repo.listLocations(this.ctx.db)).map(presentLocation);
  }

  /** Takes the body as sent (seeds and tests leave out the defaulted fields: not single-use, ketamine). */
  async createProduct(auth: AuthContext, b: z.input<typeof productBody>): Promise<Out<typeof product>> {
    requirePermission(auth, 'settings.manage');
    const isLiquid = b.form === 'solution';
    const volumeUl = isLiquid ? Math.round((b.containerVolumeMl as number) * 1000) : null;
    // What one full container holds: strength × volume for liquids (500 mg/10 mL), strength × units otherwise.
    const containerUg = isLiquid
      ? Math.round(((b.strengthUgPerMl as number) * (volumeUl as number)) / 1000)
      : (b.unitStrengthUg as number) * (b.unitsPerContainer as number);
    if (!Number.isSafeInteger(containerUg) || containerUg <= 0) {
      throw new AppError('validation_failed', 'The container would hold an impossible amount', [
        { field: 'containerVolumeMl', message: 'Check strength and size' },
      ]);
    }
    const row = {
      id: randomUUID(),
      name: b.name,
      ndc: b.ndc,
      form: b.form,
      strength_ug_per_ml: isLiquid ? (b.strengthUgPerMl as number) : null,
      container_volume_ul: volumeUl,
      unit_strength_ug: isLiquid ? null : (b.unitStrengthUg as number),
      units_per_container: isLiquid ? null : (b.unitsPerContainer as number),
      container_ug: containerUg,
      single_use: fromBool(b.singleUse ?? false),
      low_stock_ug: b.lowStockUg ?? null,
      substance: b.substance ?? 'ketamine',
      created_by: auth.userId,
      created_at: this.ctx.clock.now().toISOString(),
    };
    await this.insert('ndc', 'A product with this NDC already exists', async (trx) => {
      await repo.insertProduct(trx, row);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'ledger.product_create',
        objectType: 'ledger_product',
        objectId: row.id,
        detail: { ndc: row.ndc, substance: row.substance },
      });
    });
    return presentProduct(row);
  }

  async listProducts(auth: AuthContext): Promise<Out<typeof product>[]> {
    requirePermission(auth, 'ledger.read');
    return (await repo.listProducts(this.ctx.db)).map(presentProduct);
  }

  async listContainers(auth: AuthContext, q: In<typeof containerQuery>): Promise<Out<typeof container>[]> {
    requirePermission(auth, 'ledger.read');
    const today = await clinicToday(this.ctx.db, this.ctx.clock);
    const rows = await repo.listContainerViews(this.ctx.db, {
      ...(q.locationId ? { locationId: q.locationId } : {}),
      ...(q.productId ? { productId: q.productId } : {}),
      ...(q.inStock ? { inStock: q.inStock === 'true' } : {}),
    });
    return rows.map((r) => presentContainer(r, today));
  }

  async containerDetail(
    auth: AuthContext,
    id: string,
  ): Promise<{ container: Out<typeof container>; events: LedgerEventOut[] }> {
    requirePermission(auth, 'ledger.read');
    const { db, clock } = this.ctx;
    const [view] = await repo.listContainerViews(db, { ids: [id] });
    if (!view) throw notFound('container');
    const events = await repo.listEvents(db, { containerId: id });
    await this.auditRead(auth, 'ledger.container_view', 'ledger_container', id);
    return {
      container: presentContainer(view, await clinicToday(db, clock)),
      events: events.map(presentEvent),
    };
  }

  async listEvents(
    auth: AuthContext,
    q: In<typeof eventQuery>,
  ): Promise<{ events: LedgerEventOut[]; nextBefore: number | null }> {
    requirePermission(auth, 'ledger.read');
    const rows = await repo.listEvents(this.ctx.db, {
      ...(q.containerId ? { containerId: q.containerId } : {}),
      ...(q.productId ? { productId: q.productId } : {}),
      ...(q.locationId ? { locationId: q.locationId } : {}),
      ...(q.type ? { types: [q.type] } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.before ? { before: q.before } : {}),
      limit: q.limit + 1,
      newestFirst: true,
    });
    const page = rows.slice(0, q.limit);
    await this.auditRead(auth, 'ledger.events_view', 'ledger_events', null);
    return {
      events: page.map(presentEvent),
      nextBefore: rows.length > q.limit ? Number(page[page.length - 1]?.seq) : null,
    };
  }

  private async auditRead(
    auth: AuthContext,
    action: AuditAction,
    objectType: string,
    objectId: string | null,
  ): Promise<void> {
    await this.ctx.db
      .transaction()
      .execute((trx) => appendAudit(trx, this.ctx.clock, auth, { action, objectType, objectId }));
  }

  private async insert(field: string, message: string, fn: (trx: Tx) => Promise<void>): Promise<void> {
    try {
      await this.ctx.db.transaction().execute(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict', message, [{ field, message }]);
      throw err;
    }
  }
}
