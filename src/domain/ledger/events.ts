// Controlled-substance ledger events (DOMAIN §6; ketamine is DEA Schedule III).
//
// Every movement of stock is one append-only event naming who, when, how much, which container (and so
// which lot and product) and where. Corrections are new events (ADJUST), never edits. The zod schema is
// the single definition: the TypeScript types are inferred from it, and the server can validate request
// bodies with the same object.
//
// Regulatory background: records of receipt, dispensing and disposal (21 CFR 1304.04, 1304.22); inventory
// (21 CFR 1304.11); theft or significant loss (21 CFR 1301.76(b), DEA Form 106); destruction witnessed by
// two people and recorded on DEA Form 41 (21 CFR 1317.95). Keep records at least 2 years.

import { z } from 'zod';
import { isIsoDate } from './calendar';

const id = z.string().min(1);
const isoDate = z.string().refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');
/** Positive integer micrograms (see quantity.ts for why integers). */
const ug = z.number().int('quantities are integer micrograms').positive();

const base = {
  id,
  /** When it happened (ISO 8601 instant, UTC). */
  at: z.iso.datetime({ offset: true }),
  /**
   * The clinic-local calendar date of the event, used for expiry checks. Optional because the server may
   * not know it for imported data; then the UTC date of `at` is used, which can be a day off near midnight.
   */
  localDate: isoDate.optional(),
  actorId: id,
  /** People who witnessed and co-signed; never the actor. */
  witnessIds: z.array(id).optional(),
  note: z.string().optional(),
};

/** Stock entering the registrant: a purchase (with invoice) or a transfer in from another registrant. */
const receive = z.object({
  ...base,
  type: z.literal('receive'),
  containerId: id,
  lotId: id,
  productId: id,
  locationId: id,
  quantityUg: ug,
  expiresOn: isoDate,
  /** Liquids only: µg per mL, so mL can be derived for display. */
  concentrationUgPerMl: z.number().int().positive().optional(),
  /** Date actually received (DEA asks for it, distinct from the invoice date). */
  receivedOn: isoDate,
  supplier: z.string().optional(),
  invoiceNumber: z.string().optional(),
});

const expiredOverride = z.string().min(1).optional();

const administer = z.object({
  ...base,
  type: z.literal('administer'),
  containerId: id,
  locationId: id,
  quantityUg: ug,
  patientId: id,
  sessionId: id,
  /** Reason given by the prescriber when administering from an expired lot. */
  expiredOverrideReason: expiredOverride,
});

/** Take-home doses (e.g. troches for an at-home programme). */
const dispense = z.object({
  ...base,
  type: z.literal('dispense'),
  containerId: id,
  locationId: id,
  quantityUg: ug,
  patientId: id,
  prescriptionId: id.optional(),
  expiredOverrideReason: expiredOverride,
});

/** The unused rest of a vial after a dose; one witness. */
const waste = z.object({
  ...base,
  type: z.literal('waste'),
  containerId: id,
  locationId: id,
  quantityUg: ug,
});

/** Moving a whole container between locations of the same registrant (e.g. main safe → room safe). */
const transfer = z.object({
  ...base,
  type: z.literal('transfer'),
  containerId: id,
  fromLocationId: id,
  toLocationId: id,
});

/** Stock leaving the registrant: to a reverse distributor or another registrant. */
const transferOut = z.object({
  ...base,
  type: z.literal('transfer_out'),
  containerId: id,
  locationId: id,
  quantityUg: ug,
  recipient: z.string().min(1),
  recipientRegistration: z.string().optional(),
});

/** On-site destruction; two witnesses; DEA Form 41. */
const destroy = z.object({
  ...base,
  type: z.literal('destroy'),
  containerId: id,
  locationId: id,
  quantityUg: ug,
  form41Reference: z.string().optional(),
});

/** Correction of a discrepancy: signed, with a reason and a second signature. */
const adjust = z.object({
  ...base,
  type: z.literal('adjust'),
  containerId: id,
  locationId: id,
  deltaUg: z
    .number()
    .int()
    .refine((n) => n !== 0, 'an adjustment must change the balance'),
  reason: z.string().trim().min(1, 'an adjustment needs a reason'),
});

const theftLoss = z.object({
  ...base,
  type: z.literal('theft_loss'),
  containerId: id,
  locationId: id,
  quantityUg: ug,
  discoveredOn: isoDate,
  form106Reference: z.string().optional(),
});

/** A physical count; it changes nothing by itself but exposes a discrepancy when it differs. */
const count = z.object({
  ...base,
  type: z.literal('count'),
  containerId: id,
  locationId: id,
  observedUg: z.number().int().nonnegative(),
  kind: z.enum(['initial', 'biennial', 'routine']),
  /** Schedule III counts may be estimated unless a container holds more than 1,000 units (21 CFR 1304.11(e)). */
  estimated: z.boolean().optional(),
});

export const LedgerEventSchema = z.discriminatedUnion('type', [
  receive,
  administer,
  dispense,
  waste,
  transfer,
  transferOut,
  destroy,
  adjust,
  theftLoss,
  count,
]);

export type LedgerEvent = z.infer<typeof LedgerEventSchema>;
export type LedgerEventType = LedgerEvent['type'];
export type EventOf<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>;
export type CountEvent = EventOf<'count'>;

export const LEDGER_EVENT_TYPES = LedgerEventSchema.options.map((o) => o.shape.type.value);

/** Witnesses each event type requires (DOMAIN §6). Others may record witnesses but need none. */
export const REQUIRED_WITNESSES: Readonly<Record<LedgerEventType, number>> = {
  receive: 0,
  administer: 0,
  dispense: 0,
  waste: 1,
  transfer: 0,
  transfer_out: 0,
  destroy: 2,
  adjust: 1,
  theft_loss: 0,
  count: 0,
};

/** Signed change to the container balance an event makes if accepted (count and transfer: none). */
export function balanceDelta(event: LedgerEvent): number {
  switch (event.type) {
    case 'receive':
      return event.quantityUg;
    case 'adjust':
      return event.deltaUg;
    case 'transfer':
    case 'count':
      return 0;
    default:
      return -event.quantityUg;
  }
}

/** Each kind of movement in words, for the screens and the printed and exported records alike. */
export const EVENT_LABELS: Record<string, string> = {
  receive: 'Received',
  administer: 'Administered',
  dispense: 'Dispensed',
  waste: 'Wasted',
  transfer: 'Transferred',
  transfer_out: 'Transferred out',
  destroy: 'Destroyed',
  adjust: 'Adjusted',
  theft_loss: 'Theft/loss',
  count: 'Counted',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type.replace(/_/g, ' ');
