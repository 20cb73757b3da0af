import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { editFeeBody, FeeItem, feeBody } from '../../../contracts/billing';
import { BILLING_CODES, CODE_PATTERN, codeValidOn, MODIFIER_PATTERN } from '../../../domain/billing';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import * as repo from './repository';
import { userNames } from './visits-repository';

/**
 * The clinic's fee schedule (issue #22). The clinic owns its coding: its own rows (fee_schedule) win; a code it
 * has not priced is offered at the shipped EXAMPLE price (domain/billing/codes.ts), marked as an example. Editing a
 * shipped example stores the clinic's own row. A GET never writes: the examples live in code, not in the table.
 */
export const OWNERSHIP_NOTICE =
  'Your clinic owns its coding and its prices. Liminal ships example prices only; set your own fees, and check ' +
  'the codes against the current CPT and HCPCS books and your payers each year.';

const sameList = (a: string[], b: string[]) => a.join(',') === b.join(',');
const mods = (text: string) => JSON.parse(text) as string[];

/** The price of a code on a date: the clinic's row (exact modifiers first), else the shipped example. */
export interface Price {
  feeId: string | null;
  description: string;
  unitPriceCents: number;
  ndc: string | null;
  example: boolean;
}

export function priceOn(
  rows: repo.FeeRow[],
  code: string,
  modifiers: string[],
  date: string,
): Price | undefined {
  const mine = rows.filter(
    (r) =>
      r.code === code &&
      Number(r.active) === 1 &&
      r.effective_from <= date &&
      (r.effective_to === null || date <= r.effective_to),
  );
  mine.sort((a, b) => b.effective_from.localeCompare(a.effective_from));
  const row =
    mine.find((r) => sameList(mods(r.modifiers), modifiers)) ??
    mine.find((r) => mods(r.modifiers).length === 0) ??
    mine[0];
  if (row)
    return {
      feeId: row.id,
      description: row.description,
      unitPriceCents: Number(row.price_cents),
      ndc: row.ndc,
      example: Number(row.example_price) === 1,
    };
  // A code the clinic has rows for (all retired or out of date) is not offered from the examples.
  if (rows.some((r) => r.code === code)) return undefined;
  const shipped = BILLING_CODES.find((c) => c.code === code && codeValidOn(c, date));
  return shipped
    ? {
        feeId: null,
        description: shipped.description,
        unitPriceCents: shipped.examplePriceCents,
        ndc: null,
        example: true,
      }
    : undefined;
}

/** The codes a line may carry on this date: the clinic's active rows and the shipped examples it has not replaced. */
export function knownCodesOn(rows: repo.FeeRow[], date: string): Set<string> {
  const out = new Set<string>();
  for (const r of rows) if (priceOn(rows, r.code, [], date)) out.add(r.code);
  for (const c of BILLING_CODES) if (priceOn(rows, c.code, [], date)) out.add(c.code);
  return out;
}

export class FeeScheduleService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /** Every clinic row (past, current, retired) and the shipped examples the clinic has not replaced. */
  async list(auth: AuthContext) {
    if (!auth.permissions.has('billing.settings') && !auth.permissions.has('billing.read')) throw forbidden();
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await repo.feeScheduleRows(trx);
      const names = await userNames(
        trx,
        rows.map((r) => r.updated_by).filter((x): x is string => x !== null),
      );
      const items: FeeItem[] = rows.map((r) => ({
        id: r.id,
        code: r.code,
        modifiers: mods(r.modifiers),
        description: r.description,
        unitLabel: r.unit_label,
        priceCents: Number(r.price_cents),
        ndc: r.ndc,
        effectiveFrom: r.effective_from,
        effectiveTo: r.effective_to,
        source: r.source,
        examplePrice: Number(r.example_price) === 1,
        active: Number(r.active) === 1,
        version: Number(r.version),
        updatedByName: r.updated_by ? (names.get(r.updated_by) ?? null) : null,
      }));
      const priced = new Set(rows.map((r) => r.code));
      for (const c of BILLING_CODES)
        if (!priced.has(c.code))
          items.push({
            id: null,
            code: c.code,
            modifiers: [],
            description: c.description,
            unitLabel: c.unitLabel,
            priceCents: c.examplePriceCents,
            ndc: null,
            effectiveFrom: c.effectiveFrom,
            effectiveTo: c.effectiveTo,
            source: c.source,
            examplePrice: true,
            active: true,
            version: 0,
            updatedByName: null,
          });
      items.sort((a, b) => a.code.localeCompare(b.code) || b.effectiveFrom.localeCompare(a.effectiveFrom));
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.fee_schedule_read',
        detail: { count: items.length },
      });
      return { items, ownershipNotice: OWNERSHIP_NOTICE };
    });
  }

  async create(auth: AuthContext, body: z.infer<typeof feeBody>) {
    checkFee(body);
    const now = this.now();
    const row: repo.FeeRow = {
      id: randomUUID(),
      code: body.code,
      modifiers: JSON.stringify(body.modifiers),
      description: body.description,
      unit_label: body.unitLabel,
      price_cents: body.priceCents,
      ndc: body.ndc || null,
      effective_from: body.effectiveFrom,
      effective_to: body.effectiveTo ?? null,
      source: body.source,
      example_price: 0,
      active: body.active ? 1 : 0,
      version: 1,
      created_by: auth.userId,
      created_at: now,
      updated_by: auth.userId,
      updated_at: now,
    };
    return this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertFee(trx, row);
      await this.audit(trx, auth, row.id, 'create', body.code, body.priceCents);
      return { id: row.id };
    });
  }

  async update(auth: AuthContext, feeId: string, body: z.infer<typeof editFeeBody>) {
    checkFee(body);
    return this.ctx.db.transaction().execute(async (trx) => {
      const found = await repo.feeById(trx, feeId);
      if (!found) throw notFound('fee');
      const r = await repo.updateFee(trx, feeId, body.version, {
        code: body.code,
        modifiers: JSON.stringify(body.modifiers),
        description: body.description,
        unit_label: body.unitLabel,
        price_cents: body.priceCents,
        ndc: body.ndc || null,
        effective_from: body.effectiveFrom,
        effective_to: body.effectiveTo ?? null,
        source: body.source,
        example_price: 0,
        active: body.active ? 1 : 0,
        version: body.version + 1,
        updated_by: auth.userId,
        updated_at: this.now(),
      });
      if (Number(r.numUpdatedRows) !== 1)
        throw conflict('Someone changed this fee since you opened it: reload and try again.');
      await this.audit(trx, auth, feeId, 'update', body.code, body.priceCents);
      return { id: feeId };
    });
  }

  private audit(trx: Executor, auth: AuthContext, id: string, op: string, code: string, priceCents: number) {
    return appendAudit(trx, this.ctx.clock, auth, {
      action: 'billing.fee_set',
      objectType: 'fee_schedule',
      objectId: id,
      detail: { op, code, priceCents },
    });
  }
}

function checkFee(body: z.infer<typeof feeBody>) {
  const fields: { field: string; message: string }[] = [];
  if (!CODE_PATTERN.test(body.code))
    fields.push({ field: 'code', message: 'Enter a CPT or HCPCS code, like 99213 or J3490' });
  if (body.priceCents < 0) fields.push({ field: 'priceCents', message: 'The price cannot be negative' });
  if (body.modifiers.length > 4) fields.push({ field: 'modifiers', message: 'At most 4 modifiers' });
  const bad = body.modifiers.find((m) => !MODIFIER_PATTERN.test(m));
  if (bad !== undefined)
    fields.push({ field: 'modifiers', message: `“${bad}” is not a two-character modifier` });
  if (body.effectiveTo && body.effectiveTo < body.effectiveFrom)
    fields.push({ field: 'effectiveTo', message: 'The end date is before the start date' });
  if (body.ndc && !/^\d{11}$/.test(body.ndc))
    fields.push({ field: 'ndc', message: 'An NDC has 11 digits (5-4-2, without dashes)' });
  if (fields.length) throw new AppError('validation_failed', fields[0]?.message, fields);
}
