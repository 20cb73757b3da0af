import type { LedgerService } from '../../features/ledger/service';
import type { StockService } from '../../features/ledger/stock';
import type { AuthContext } from '../../platform/auth-context';
import type { Clock } from '../../platform/clock';

/**
 * Controlled stock of the synthetic clinic: one safe per site (each under its own DEA registration), the
 * three products the courses use, and lots received through the ledger when a site runs low. A dose is
 * drawn from the first open container that holds enough (what is left in a multi-dose vial stays on the
 * books: recording its waste needs a witness's password check, ~130 ms of argon2 each).
 */
export type ProductKey = 'vial' | 'device' | 'troche';
export const SITES = {
  CA: { name: 'Oakland clinic safe', dea: 'FO1234568' },
  OR: { name: 'Portland clinic safe', dea: 'FP2345671' },
  WA: { name: 'Seattle clinic safe', dea: 'FS3456784' },
} as const;
export type Site = keyof typeof SITES;

const PRODUCTS = {
  vial: {
    body: {
      name: 'Ketamine HCl 50 mg/mL, 10 mL multi-dose vial',
      ndc: '0409-2051-05',
      form: 'solution' as const,
      strengthUgPerMl: 50_000,
      containerVolumeMl: 10,
      singleUse: false,
      lowStockUg: 2_000_000,
    },
    perLot: 12,
    ug: 500_000,
    lotPrefix: 'KT',
  },
  device: {
    body: {
      name: 'Esketamine 28 mg nasal spray device',
      ndc: '50458-028-02',
      form: 'solution' as const,
      strengthUgPerMl: 140_000,
      containerVolumeMl: 0.2,
      singleUse: true,
      substance: 'esketamine' as const,
    },
    perLot: 60,
    ug: 28_000,
    lotPrefix: 'ESK',
  },
  troche: {
    body: {
      name: 'Ketamine 100 mg troche (compounded)',
      ndc: '12345-678-90',
      form: 'troche' as const,
      unitStrengthUg: 100_000,
      unitsPerContainer: 12,
      singleUse: false,
    },
    perLot: 12,
    ug: 1_200_000,
    lotPrefix: 'TR',
  },
};

interface Open {
  id: string;
  balanceUg: number;
  expiresOn: string;
}

const LOCAL = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The clinic's calendar date (its default time zone, America/Los_Angeles) at an instant. */
export const localDate = (ms: number): string => LOCAL.format(new Date(ms));

export class SyntheticStock {
  private locations = new Map<Site, string>();
  private products = new Map<ProductKey, string>();
  private open = new Map<string, Open[]>();
  private lots = 0;
  /** Movements recorded, for the summary. */
  received = 0;

  constructor(
    private readonly stock: StockService,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
  ) {}

  async setUp(admin: AuthContext): Promise<void> {
    for (const [site, s] of Object.entries(SITES) as [Site, (typeof SITES)[Site]][]) {
      const loc = await this.stock.createLocation(admin, { name: s.name, deaRegistration: s.dea });
      this.locations.set(site, loc.id);
    }
    for (const [key, p] of Object.entries(PRODUCTS) as [ProductKey, (typeof PRODUCTS)[ProductKey]][]) {
      const prod = await this.stock.createProduct(admin, p.body);
      this.products.set(key, prod.id);
    }
  }

  locationOf(site: Site): string {
    return this.locations.get(site) as string;
  }

  /** A container at the site holding at least `ug`; a new lot is received (by `nurse`) when none does. */
  async draw(
    nurse: AuthContext,
    site: Site,
    product: ProductKey,
    ug: number,
  ): Promise<{ containerId: string; locationId: string }> {
    const key = `${site}:${product}`;
    const list = this.open.get(key) ?? [];
    this.open.set(key, list);
    // Expired stock is set aside (it stays on the books until destroyed; destruction needs two witnesses).
    const today = localDate(this.clock.now().getTime());
    for (let i = list.length - 1; i >= 0; i--) if ((list[i] as Open).expiresOn <= today) list.splice(i, 1);
    let c = list.find((x) => x.balanceUg >= ug);
    if (!c) {
      await this.receive(nurse, site, product);
      c = list.find((x) => x.balanceUg >= ug);
      if (!c) throw new Error(`a full ${product} holds less than ${ug} µg`);
    }
    c.balanceUg -= ug;
    // Containers too low to give any dose from are left aside (kept on the books), not searched again.
    const floor = product === 'vial' ? 20_000 : 1;
    if (c.balanceUg < floor) list.splice(list.indexOf(c), 1);
    return { containerId: c.id, locationId: this.locationOf(site) };
  }

  private async receive(nurse: AuthContext, site: Site, product: ProductKey): Promise<void> {
    const p = PRODUCTS[product];
    const today = localDate(this.clock.now().getTime());
    const expires = localDate(this.clock.now().getTime() + 540 * 86_400_000);
    this.lots++;
    const res = await this.ledger.receive(nurse, {
      productId: this.products.get(product) as string,
      lotNumber: `${p.lotPrefix}-${String(this.lots).padStart(5, '0')}`,
      expiresOn: expires,
      locationId: this.locationOf(site),
      containerCount: p.perLot,
      supplier: 'Example Pharma Distribution',
      supplierRegistration: 'RX0000001',
      invoiceNumber: `INV-${String(70_000 + this.lots)}`,
      receivedOn: today,
    });
    const list = this.open.get(`${site}:${product}`) as Open[];
    for (const c of res.containers)
      if (c.balanceUg > 0) list.push({ id: c.id, balanceUg: c.balanceUg, expiresOn: c.expiresOn });
    this.received += p.perLot;
  }
}
