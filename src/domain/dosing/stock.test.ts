import { describe, expect, it } from 'vitest';
import {
  doseSources,
  isControlledRoute,
  productMisfit,
  type StockContainer,
  type StockProduct,
} from './stock';
import { administrationAction, administrationText } from './wording';

const VIAL: StockProduct = {
  id: 'vial',
  name: 'Ketamine 50 mg/mL, 10 mL multi-dose vial',
  substance: 'ketamine',
  form: 'solution',
  strengthUgPerMl: 50_000,
};
const SDV: StockProduct = {
  id: 'sdv',
  name: 'Ketamine 50 mg/mL, 2 mL single-dose vial',
  substance: 'ketamine',
  form: 'solution',
  strengthUgPerMl: 50_000,
};
const DEVICE: StockProduct = {
  id: 'esk',
  name: 'Esketamine 28 mg nasal spray device',
  substance: 'esketamine',
  form: 'solution',
  strengthUgPerMl: 140_000,
};
const TROCHE: StockProduct = {
  id: 'tr',
  name: 'Ketamine 100 mg troche',
  substance: 'ketamine',
  form: 'troche',
  strengthUgPerMl: null,
};
const PRODUCTS = [VIAL, SDV, DEVICE, TROCHE];

let n = 0;
function c(product: StockProduct, o: Partial<StockContainer> = {}): StockContainer {
  n += 1;
  const initialUg =
    product === DEVICE ? 28_000 : product === SDV ? 100_000 : product === TROCHE ? 1_200_000 : 500_000;
  const balanceUg = o.balanceUg ?? initialUg;
  return {
    id: `c${n}`,
    label: `${o.lotNumber ?? 'LOT'}-${n}`,
    productId: product.id,
    lotNumber: 'LOT',
    expiresOn: '2028-01-01',
    expired: false,
    locationId: 'safe-a',
    locationName: 'Safe A',
    initialUg,
    singleUse: product === DEVICE || product === SDV,
    ...o,
    balanceUg,
    opened: balanceUg !== initialUg,
  };
}

describe('which stock a dose may come from', () => {
  it('every course route gives a controlled substance; an unknown route is treated as one', () => {
    for (const r of ['iv', 'im', 'sublingual', 'oral', 'esketamine', 'something-new'])
      expect(isControlledRoute(r)).toBe(true);
  });

  it('refuses a product that does not fit the route, in words', () => {
    expect(productMisfit('im', VIAL)).toBeNull();
    expect(productMisfit('esketamine', DEVICE)).toBeNull();
    expect(productMisfit('sublingual', TROCHE)).toBeNull();
    expect(productMisfit('im', DEVICE)).toMatch(
      /Esketamine 28 mg nasal spray device does not fit this session: it needs ketamine solution/,
    );
    expect(productMisfit('esketamine', VIAL)).toMatch(/needs esketamine nasal spray devices/);
    expect(productMisfit('iv', TROCHE)).toMatch(/needs ketamine solution/);
  });

  it('offers the opened multi-dose vial first, then sealed vials by lot (first to expire first), only products that fit', () => {
    const sealedLate = c(VIAL, { lotNumber: 'B', expiresOn: '2028-06-01' });
    const sealedSoon1 = c(VIAL, { lotNumber: 'A', expiresOn: '2027-03-01' });
    const sealedSoon2 = c(VIAL, { lotNumber: 'A', expiresOn: '2027-03-01' });
    const open = c(VIAL, { lotNumber: 'B', expiresOn: '2028-06-01', balanceUg: 300_000 });
    const sources = doseSources({
      route: 'iv',
      ugNeeded: 34_500,
      containers: [sealedLate, sealedSoon2, sealedSoon1, open, c(DEVICE), c(TROCHE)],
      products: PRODUCTS,
    });
    expect(sources.map((s) => [s.containerId, s.count, s.opened])).toEqual([
      [open.id, 1, true],
      [sealedSoon1.id, 2, false], // lot A: two sealed, the first by label
      [sealedLate.id, 1, false],
    ]);
  });

  it('puts the preferred safe first, and what cannot be used for this dose last, saying why', () => {
    const here = c(VIAL, { locationId: 'safe-b', locationName: 'Safe B', expiresOn: '2029-01-01' });
    const elsewhereOpen = c(VIAL, { balanceUg: 200_000 });
    const tooLittle = c(VIAL, { balanceUg: 10_000, locationId: 'safe-b' });
    const expired = c(VIAL, { expired: true, lotNumber: 'OLD', locationId: 'safe-b' });
    const restOfSingleUse = c(SDV, { balanceUg: 40_000, locationId: 'safe-b' });
    const sources = doseSources({
      route: 'im',
      ugNeeded: 60_000,
      containers: [elsewhereOpen, here, tooLittle, expired, restOfSingleUse],
      products: PRODUCTS,
      preferredLocationId: 'safe-b',
    });
    expect(sources.map((s) => s.containerId).slice(0, 2)).toEqual([here.id, elsewhereOpen.id]);
    const why = Object.fromEntries(sources.filter((s) => s.unusable).map((s) => [s.containerId, s.unusable]));
    expect(why).toEqual({
      [tooLittle.id]: 'Holds less than this dose',
      [expired.id]: expect.stringMatching(/^Expired/),
      [restOfSingleUse.id]: expect.stringMatching(/^Single-use/),
    });
    expect(sources.slice(2).every((s) => s.unusable)).toBe(true);
  });

  it('offers esketamine devices by lot, never an empty container', () => {
    const devices = [
      c(DEVICE, { lotNumber: 'ESK-1' }),
      c(DEVICE, { lotNumber: 'ESK-1' }),
      c(DEVICE, { lotNumber: 'ESK-2', expiresOn: '2027-02-01' }),
      c(DEVICE, { lotNumber: 'ESK-2', balanceUg: 0 }),
    ];
    const sources = doseSources({
      route: 'esketamine',
      ugNeeded: 28_000,
      containers: [...devices, c(VIAL)],
      products: PRODUCTS,
    });
    expect(sources.map((s) => [s.lotNumber, s.count])).toEqual([
      ['ESK-2', 1],
      ['ESK-1', 2],
    ]);
    expect(sources[1]?.containerId).toBe(devices[0]?.id);
    // The device the nurse picked up in the ledger stands for its lot.
    const pinned = doseSources({
      route: 'esketamine',
      ugNeeded: 28_000,
      containers: devices,
      products: PRODUCTS,
      pinnedContainerId: devices[1]?.id,
    });
    expect(pinned.find((s) => s.lotNumber === 'ESK-1')?.containerId).toBe(devices[1]?.id);
  });
});

describe('an administration in words, by its route', () => {
  it('names the act of each route; never "injection" for a tablet', () => {
    expect(administrationAction('im', 'bolus')).toBe('IM injection given');
    expect(administrationAction('iv', 'infusion_start')).toBe('IV infusion started');
    expect(administrationAction('iv', 'infusion_stop')).toBe('IV infusion stopped');
    expect(administrationAction('sublingual', 'bolus', { form: 'troche' })).toBe('Sublingual troche taken');
    expect(administrationAction('sublingual', 'bolus', { form: 'rdt' })).toBe('Sublingual tablet taken');
    expect(administrationAction('sublingual', 'bolus')).toBe('Sublingual dose taken');
    expect(administrationAction('oral', 'bolus')).toBe('Oral dose taken');
    expect(administrationAction('esketamine', 'device', { deviceNumber: 2 })).toBe(
      'Esketamine nasal device 2 used',
    );
  });

  it('adds the site, the container or where it was supplied from, and the lot, without repeating the route', () => {
    expect(
      administrationText('sublingual', {
        mg: 200,
        phase: 'bolus',
        site: 'Sublingual',
        form: 'troche',
        containerLabel: 'TR-0925-1',
        lot: 'TR-0925',
      }),
    ).toBe('Sublingual troche taken: 200 mg (from TR-0925-1)');
    expect(
      administrationText('iv', {
        mg: 34.5,
        phase: 'infusion_start',
        site: 'Left antecubital',
        containerLabel: 'KT-24A117-1',
        lot: 'KT-24A117',
      }),
    ).toBe('IV infusion started: 34.5 mg (Left antecubital; from KT-24A117-1)');
    expect(
      administrationText('esketamine', {
        mg: 28,
        phase: 'device',
        deviceNumber: 1,
        suppliedElsewhere: { source: 'Oakview Pharmacy kit' },
        lot: 'RX-9',
      }),
    ).toBe('Esketamine nasal device 1 used: 28 mg (supplied elsewhere: Oakview Pharmacy kit; lot RX-9)');
    expect(administrationText('im', { mg: 60, phase: 'bolus', site: 'left deltoid', lot: 'LOT-A1' })).toBe(
      'IM injection given: 60 mg (left deltoid; lot LOT-A1)',
    );
  });
});
