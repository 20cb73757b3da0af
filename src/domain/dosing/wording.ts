// How an administration reads, in plain words, by the session's route: one function behind the console's
// buttons and list, the session timeline and the printable session record, so a sublingual troche never
// reads "Injection given" (issue #14). Route names follow the course routes (DOMAIN §2).

/** What one administration entry holds (see the sessions feature); older entries lack the newer fields. */
export interface AdministrationFacts {
  mg: number;
  phase: string;
  deviceNumber?: number | null;
  site?: string | null;
  lot?: string | null;
  /** The product's form when it was drawn from the ledger: solution, troche or rdt (a dissolving tablet). */
  form?: string | null;
  containerLabel?: string | null;
  suppliedElsewhere?: { source: string } | null;
}

const SUBLINGUAL_FORM: Record<string, string> = { troche: 'troche', rdt: 'tablet' };

/**
 * The act, as a nurse would say it: "IV infusion started", "IM injection given", "Sublingual troche taken",
 * "Esketamine nasal device 2 used". Unknown routes and phases fall back to neutral words, never to a code.
 */
export function administrationAction(
  route: string,
  phase: string,
  o: { form?: string | null; deviceNumber?: number | null } = {},
): string {
  if (phase === 'infusion_start') return 'IV infusion started';
  if (phase === 'infusion_stop') return 'IV infusion stopped';
  if (route === 'esketamine' || phase === 'device') {
    return `Esketamine nasal device${o.deviceNumber ? ` ${o.deviceNumber}` : ''} used`;
  }
  switch (route) {
    case 'im':
      return 'IM injection given';
    case 'iv':
      return 'IV injection given';
    case 'sublingual':
      return `Sublingual ${(o.form && SUBLINGUAL_FORM[o.form]) || 'dose'} taken`;
    case 'oral':
      return 'Oral dose taken';
    default:
      return 'Dose given';
  }
}

/** The act with its amount: "IM injection given: 60 mg". */
export function administrationHeadline(
  route: string,
  d: Pick<AdministrationFacts, 'mg' | 'phase' | 'form' | 'deviceNumber'>,
): string {
  return `${administrationAction(route, d.phase, d)}: ${formatMg(d.mg)} mg`;
}

/**
 * One line for a record: the act, the amount, then where it went and where it came from:
 * "IM injection given: 60 mg (left deltoid; from KT-24A117-1)" or
 * "Sublingual tablet taken: 200 mg (supplied elsewhere: Oakview Pharmacy, Rx 5521; lot RX-88)".
 */
export function administrationText(route: string, d: AdministrationFacts): string {
  const action = administrationAction(route, d.phase, d);
  const details: string[] = [];
  // "Sublingual" as a site only repeats the route.
  if (d.site && !action.toLowerCase().includes(d.site.toLowerCase())) details.push(d.site);
  if (d.containerLabel) details.push(`from ${d.containerLabel}`);
  if (d.suppliedElsewhere) details.push(`supplied elsewhere: ${d.suppliedElsewhere.source}`);
  if (d.lot && !(d.containerLabel ?? '').startsWith(d.lot)) details.push(`lot ${d.lot}`);
  return `${action}: ${formatMg(d.mg)} mg${details.length ? ` (${details.join('; ')})` : ''}`;
}

/** 34.5, 100.8, 56 — no trailing zeros, at most three decimals (micrograms). */
function formatMg(mg: number): string {
  return String(Math.round(mg * 1000) / 1000);
}
