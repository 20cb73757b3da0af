// Which controlled stock a dose may be drawn from (DOMAIN §2, §6). Every dose of a course route is ketamine
// or esketamine, both Schedule III: a dose given in a session is drawn from the ledger in the same
// transaction, unless the clinic records that the product was supplied elsewhere (a pharmacy-dispensed
// kit, the patient's take-home supply). The console offers the containers that fit the route, the open
// multi-dose vial at the nurse's safe first; the server refuses a container that does not fit.

export const CONTROLLED_SUBSTANCE_SOURCE =
  'Ketamine and its isomer esketamine are Schedule III controlled substances (21 CFR 1308.13(c)(7)); every dose administered is recorded with the stock it came from (21 CFR 1304.22(c)).';

export const SUBSTANCES = ['ketamine', 'esketamine'] as const;
export type Substance = (typeof SUBSTANCES)[number];
export const SUBSTANCE_LABELS: Record<Substance, string> = {
  ketamine: 'Ketamine (racemic)',
  esketamine: 'Esketamine',
};

export type CourseRoute = 'iv' | 'im' | 'sublingual' | 'oral' | 'esketamine';

interface RouteStock {
  substance: Substance;
  /** Ledger product forms a dose by this route is given from. */
  forms: readonly string[];
  /** In words, for a refusal: "an injectable solution". */
  needs: string;
  /** Whether the product is a controlled substance (every course route today). */
  controlled: boolean;
}

/** Data, not branches: a clinic adding a route adds a row. */
export const ROUTE_STOCK: Record<CourseRoute, RouteStock> = {
  iv: { substance: 'ketamine', forms: ['solution'], needs: 'ketamine solution (a vial)', controlled: true },
  im: { substance: 'ketamine', forms: ['solution'], needs: 'ketamine solution (a vial)', controlled: true },
  sublingual: {
    substance: 'ketamine',
    forms: ['troche', 'rdt'],
    needs: 'ketamine troches or dissolving tablets',
    controlled: true,
  },
  oral: {
    substance: 'ketamine',
    forms: ['troche', 'rdt', 'solution'],
    needs: 'ketamine for oral use',
    controlled: true,
  },
  esketamine: {
    substance: 'esketamine',
    forms: ['solution'],
    needs: 'esketamine nasal spray devices',
    controlled: true,
  },
};

/** A route whose product is a controlled substance. An unknown route is treated as controlled (the safe side). */
export function isControlledRoute(route: string): boolean {
  return ROUTE_STOCK[route as CourseRoute]?.controlled ?? true;
}

/** Null when a product of this substance and form may be given by the route; otherwise why not, in words. */
export function productMisfit(
  route: string,
  product: { name: string; substance: string; form: string },
): string | null {
  const want = ROUTE_STOCK[route as CourseRoute];
  if (!want) return null;
  if (product.substance !== want.substance || !want.forms.includes(product.form)) {
    return `${product.name} does not fit this session: it needs ${want.needs}.`;
  }
  return null;
}

export interface StockContainer {
  id: string;
  label: string;
  productId: string;
  lotNumber: string;
  expiresOn: string;
  expired: boolean;
  locationId: string;
  locationName: string;
  initialUg: number;
  balanceUg: number;
  singleUse: boolean;
  opened: boolean;
}

export interface StockProduct {
  id: string;
  name: string;
  substance: string;
  form: string;
  strengthUgPerMl: number | null;
}

/** One choice offered to the nurse: an opened container, or the sealed containers of one lot at one safe. */
export interface DoseSource {
  /** Stable across refreshes: the container for an opened one, product + lot + safe for sealed ones. */
  key: string;
  /** The container the next dose is drawn from (for a lot, the first sealed one in label order). */
  containerId: string;
  containerLabel: string;
  productName: string;
  substance: string;
  form: string;
  strengthUgPerMl: number | null;
  lotNumber: string;
  expiresOn: string;
  locationId: string;
  locationName: string;
  opened: boolean;
  singleUse: boolean;
  /** What the container holds now (each sealed one holds the same). */
  balanceUg: number;
  /** Sealed containers of this lot at this safe (1 for an opened one). */
  count: number;
  /** Why it cannot be used for this dose, or null. */
  unusable: string | null;
}

const byLabel = (a: StockContainer, b: StockContainer) =>
  a.label.localeCompare(b.label, undefined, { numeric: true });

/**
 * The stock a dose of `ugNeeded` may come from, best first: usable before unusable, the nurse's safe first,
 * an opened multi-dose container before breaching a sealed one, then the first to expire. Sealed containers
 * of one lot are interchangeable and offered once, with their count (an esketamine device "by lot").
 */
export function doseSources(input: {
  route: string;
  ugNeeded: number;
  containers: readonly StockContainer[];
  products: readonly StockProduct[];
  preferredLocationId?: string | null;
  /** A container the nurse already picked (in the ledger): it stands for its lot instead of the first one. */
  pinnedContainerId?: string | null;
}): DoseSource[] {
  const products = new Map(input.products.map((p) => [p.id, p]));
  const fitting = input.containers.filter((c) => {
    const p = products.get(c.productId);
    return p && c.balanceUg > 0 && productMisfit(input.route, p) === null;
  });
  const sources: DoseSource[] = [];
  const groups = new Map<string, StockContainer[]>();
  for (const c of [...fitting].sort(byLabel)) {
    if (c.opened) sources.push(source(c, 1));
    else {
      const key = `${c.productId}|${c.lotNumber}|${c.locationId}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
  }
  for (const [key, list] of groups) {
    const first = list.find((c) => c.id === input.pinnedContainerId) ?? (list[0] as StockContainer);
    sources.push({ ...source(first, list.length), key });
  }

  function source(c: StockContainer, count: number): DoseSource {
    const p = products.get(c.productId) as StockProduct;
    let unusable: string | null = null;
    if (c.expired) unusable = 'Expired: only with a prescriber’s approval, recorded in the ledger';
    else if (c.singleUse && c.opened) unusable = 'Single-use: the rest of it is for waste, not another dose';
    else if (c.balanceUg < input.ugNeeded) unusable = `Holds less than this dose`;
    return {
      key: c.id,
      containerId: c.id,
      containerLabel: c.label,
      productName: p.name,
      substance: p.substance,
      form: p.form,
      strengthUgPerMl: p.strengthUgPerMl,
      lotNumber: c.lotNumber,
      expiresOn: c.expiresOn,
      locationId: c.locationId,
      locationName: c.locationName,
      opened: c.opened,
      singleUse: c.singleUse,
      balanceUg: c.balanceUg,
      count,
      unusable,
    };
  }

  const rank = (s: DoseSource) => [
    s.unusable ? 1 : 0,
    input.preferredLocationId && s.locationId !== input.preferredLocationId ? 1 : 0,
    s.opened ? 0 : 1,
  ];
  return sources.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
    return (
      a.expiresOn.localeCompare(b.expiresOn) ||
      a.containerLabel.localeCompare(b.containerLabel, undefined, { numeric: true })
    );
  });
}
