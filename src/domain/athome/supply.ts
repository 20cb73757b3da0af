/**
 * Take-home supply reconciliation (DOMAIN §6, §9). Troches reach the patient only by a ledger DISPENSE; each
 * at-home session takes some; the patient may report disposing of some (a collection receptacle, a mail-back
 * package or a take-back event: never a return into the clinic's stock). What is left is what the patient
 * should hold, and a count the patient reports that differs from it is a discrepancy for the prescriber.
 */
export const DISPOSAL_METHODS = ['collection_receptacle', 'mail_back', 'take_back_event'] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];
export const DISPOSAL_WORDS: Record<DisposalMethod, string> = {
  collection_receptacle: 'Authorised collection receptacle (e.g. a pharmacy drop box)',
  mail_back: 'Mail-back package',
  take_back_event: 'Take-back event',
};
export const DISPOSAL_SOURCE =
  'DEA disposal rule (21 CFR part 1317, 2014): patients dispose of controlled substances through an authorised collection receptacle, a mail-back package or a take-back event, not by returning them to the practitioner';

export interface SupplyInput {
  /** Troches dispensed to the patient for this course (ledger DISPENSE events, in units). */
  dispensed: number;
  /** Troches taken, per session. */
  taken: number[];
  /** Troches the patient reports disposing of. */
  disposed: number[];
}

export interface SupplyBalance {
  dispensed: number;
  taken: number;
  disposed: number;
  /** What the patient should hold. Never below zero: a negative figure is itself a discrepancy. */
  expected: number;
  /** More taken or disposed than dispensed. */
  overdrawn: boolean;
}

export function supplyBalance(input: SupplyInput): SupplyBalance {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const taken = sum(input.taken);
  const disposed = sum(input.disposed);
  const left = input.dispensed - taken - disposed;
  return { dispensed: input.dispensed, taken, disposed, expected: Math.max(0, left), overdrawn: left < 0 };
}

export interface CountCheck {
  balance: SupplyBalance;
  reported: number;
  /** reported − expected: positive, the patient holds more than the record says; negative, fewer. */
  difference: number;
  matches: boolean;
  /** The sentence the prescriber's task carries. */
  message: string | null;
}

export function checkCount(input: SupplyInput, reported: number): CountCheck {
  const balance = supplyBalance(input);
  const difference = reported - balance.expected;
  const matches = difference === 0 && !balance.overdrawn;
  const plural = (n: number) => `${n} troche${n === 1 ? '' : 's'}`;
  let message: string | null = null;
  if (balance.overdrawn)
    message = `The record shows more troches taken or disposed of (${balance.taken + balance.disposed}) than dispensed (${balance.dispensed}).`;
  else if (difference !== 0)
    message = `The patient counted ${plural(reported)}; the record says ${plural(balance.expected)} (dispensed ${balance.dispensed}, taken ${balance.taken}, disposed of ${balance.disposed}).`;
  return { balance, reported, difference, matches, message };
}
