import type { z } from 'zod';
import type { worklist } from '../../../contracts/ledger';
import {
  addDays,
  BIENNIAL_INVENTORY_SOURCE,
  biennialInventory,
  DEFAULT_INVENTORY_REMINDER_DAYS,
  deadlineStatus,
  theftLossDeadlines,
} from '../../../domain/ledger';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { presentDiscrepancy } from './present';
import * as repo from './repository';
import { requirePermission } from './service';
import { clinicToday } from './writer';

type Worklist = z.infer<typeof worklist>;

/** Reminder lead for each theft/loss deadline: the DEA notice is due next business day, so show it at once. */
const DEA_NOTICE_REMIND_DAYS = 1;
const FORM_106_REMIND_DAYS = 14;

/**
 * What the controlled-substance record asks of staff now: theft/loss deadlines (21 CFR 1301.76(b)), open
 * count discrepancies, the next biennial inventory (21 CFR 1304.11(c)), lots near or past expiry, low stock.
 */
export class WorklistService {
  constructor(private readonly ctx: AppContext) {}

  async worklist(auth: AuthContext, expiringWithinDays: number): Promise<Worklist> {
    requirePermission(auth, 'ledger.read');
    const { db, clock } = this.ctx;
    const today = await clinicToday(db, clock);

    const reports = await repo.listEvents(db, { types: ['theft_loss'] });
    const filings = await repo.filingsFor(
      db,
      reports.map((r) => r.id),
    );
    const filed = (id: string, kind: string) => filings.some((f) => f.event_id === id && f.kind === kind);
    const theftLoss = reports
      .map((r) => {
        const discoveredOn = (JSON.parse(r.payload) as { discoveredOn: string }).discoveredOn;
        const d = theftLossDeadlines(discoveredOn);
        const deadline = (dueOn: string, remind: number, done: boolean) => {
          const s = deadlineStatus(dueOn, today, remind);
          return { dueOn, daysRemaining: s.daysRemaining, status: s.status, done };
        };
        return {
          eventId: r.id,
          containerId: r.container_id,
          discoveredOn,
          quantityUg: Number(r.quantity_ug),
          deaNotice: deadline(d.deaNotificationDueOn, DEA_NOTICE_REMIND_DAYS, filed(r.id, 'dea_notice')),
          form106: deadline(d.form106DueOn, FORM_106_REMIND_DAYS, filed(r.id, 'form_106')),
          source: d.source,
        };
      })
      .filter((t) => !t.deaNotice.done || !t.form106.done);

    const openDiscrepancies = (await repo.listDiscrepancies(db, { openOnly: true })).map(presentDiscrepancy);

    // With no inventory on record, the initial inventory was due when stock first arrived (1304.11(b)).
    const last = (await repo.listInventories(db))[0]?.local_date ?? null;
    const dueOn = last
      ? biennialInventory(last, today, DEFAULT_INVENTORY_REMINDER_DAYS).dueOn
      : ((await repo.firstEventDate(db)) ?? today);
    const due = deadlineStatus(dueOn, today, DEFAULT_INVENTORY_REMINDER_DAYS);
    const inventory = {
      lastOn: last,
      dueOn,
      daysRemaining: due.daysRemaining,
      status: due.status,
      source: BIENNIAL_INVENTORY_SOURCE,
    };

    const horizon = addDays(today, expiringWithinDays);
    const expiringLots = (await repo.lotsInStock(db))
      .filter((l) => l.expires_on <= horizon)
      .map((l) => ({
        lotId: l.id,
        lotNumber: l.lot_number,
        productName: l.product_name,
        expiresOn: l.expires_on,
        balanceUg: Number(l.balance),
        expired: l.expires_on < today,
      }));

    const lowStock = (await repo.productTotals(db))
      .filter((p) => p.low_stock_ug !== null && Number(p.balance) < Number(p.low_stock_ug))
      .map((p) => ({
        productId: p.id,
        productName: p.name,
        balanceUg: Number(p.balance),
        thresholdUg: Number(p.low_stock_ug),
      }));

    return { today, theftLoss, openDiscrepancies, inventory, expiringLots, lowStock };
  }
}
