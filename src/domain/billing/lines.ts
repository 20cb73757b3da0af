/**
 * Arithmetic on a visit's lines (issue #22). A reversal is a final line with the negated amount naming the line it
 * cancels; a reversed line and its reversal both stay in the record, and sum to zero.
 */
export interface LineLike {
  id: string;
  state: string;
  amount_cents: number;
  reverses_id: string | null;
}

/** Final lines that stand: neither reversed nor a reversal. */
export function standingLines<L extends LineLike>(lines: L[]): L[] {
  const reversed = new Set(lines.map((l) => l.reverses_id).filter((x): x is string => x !== null));
  return lines.filter((l) => l.state === 'final' && l.reverses_id === null && !reversed.has(l.id));
}

/** Σ of final lines, reversals included (what the patient owes for these lines). */
export const finalTotal = (lines: LineLike[]): number =>
  lines.filter((l) => l.state === 'final').reduce((s, l) => s + l.amount_cents, 0);

/** A line's amount: units × unit price, in integer cents. */
export const lineAmount = (units: number, unitPriceCents: number): number => units * unitPriceCents;
