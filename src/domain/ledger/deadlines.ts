// Regulatory deadlines for the controlled-substance record, as date-only arithmetic.
//
// - Theft or significant loss: notify the DEA Field Division in writing within one business day of
//   discovery, and file DEA Form 106 within 45 days after discovery (21 CFR 1301.76(b)).
// - Inventory: a new inventory at least every two years after the previous one (21 CFR 1304.11(c)).
// - Records: keep at least two years (21 CFR 1304.04(a)); state rules may ask for longer.
// The dates are in the clinic's own calendar; the server converts instants to local dates before calling.

import { addBusinessDays, addDays, addYears, daysBetween, type IsoDate } from './calendar';

export const THEFT_LOSS_SOURCE =
  '21 CFR 1301.76(b): written notice to the DEA Field Division within one business day of discovery; ' +
  'DEA Form 106 within 45 days after discovery';
export const BIENNIAL_INVENTORY_SOURCE = '21 CFR 1304.11(c): inventory at least every two years';
export const RECORD_RETENTION_SOURCE = '21 CFR 1304.04(a): records kept at least two years';

export const FORM_106_DAYS = 45;
/** Default head start for the biennial-inventory reminder (clinic setting). */
export const DEFAULT_INVENTORY_REMINDER_DAYS = 60;

export interface TheftLossDeadlines {
  discoveredOn: IsoDate;
  /** Last day for the written notice (one business day after discovery). */
  deaNotificationDueOn: IsoDate;
  form106DueOn: IsoDate;
  source: string;
}

/**
 * Business days skip Saturday and Sunday and any dates in `holidays` (the clinic supplies federal
 * holidays; the list is data, not built in, because observed dates change year to year).
 */
export function theftLossDeadlines(
  discoveredOn: IsoDate,
  holidays: readonly IsoDate[] = [],
): TheftLossDeadlines {
  return {
    discoveredOn,
    deaNotificationDueOn: addBusinessDays(discoveredOn, 1, holidays),
    form106DueOn: addDays(discoveredOn, FORM_106_DAYS),
    source: THEFT_LOSS_SOURCE,
  };
}

export type DeadlineStatus = 'ok' | 'due_soon' | 'overdue';

export interface DeadlineState {
  dueOn: IsoDate;
  remindFrom: IsoDate;
  /** Days from `today` to the due date: 0 on the day, negative once overdue. */
  daysRemaining: number;
  status: DeadlineStatus;
}

/** Status of any date deadline: due_soon from `remindFrom` through the due date itself, overdue after it. */
export function deadlineStatus(dueOn: IsoDate, today: IsoDate, reminderDays: number): DeadlineState {
  if (!Number.isInteger(reminderDays) || reminderDays < 0) throw new RangeError('reminderDays must be ≥ 0');
  const daysRemaining = daysBetween(today, dueOn);
  const status: DeadlineStatus =
    daysRemaining < 0 ? 'overdue' : daysRemaining <= reminderDays ? 'due_soon' : 'ok';
  return { dueOn, remindFrom: addDays(dueOn, -reminderDays), daysRemaining, status };
}

/**
 * The next biennial inventory is due two years after the last one (any day up to and including the
 * anniversary is in time; 29 February rolls back to 28 February, never later).
 */
export function biennialInventory(
  lastInventoryOn: IsoDate,
  today: IsoDate,
  reminderDays: number = DEFAULT_INVENTORY_REMINDER_DAYS,
): DeadlineState & { lastInventoryOn: IsoDate; source: string } {
  return {
    lastInventoryOn,
    ...deadlineStatus(addYears(lastInventoryOn, 2), today, reminderDays),
    source: BIENNIAL_INVENTORY_SOURCE,
  };
}

/** Earliest date a record created on `createdOn` may be discarded under the federal minimum. */
export function retainUntil(createdOn: IsoDate): IsoDate {
  return addYears(createdOn, 2);
}
