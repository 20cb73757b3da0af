/**
 * The controlled-substance ledger (issue #6) in Chromium against a real server (fresh database, demo clinic,
 * demo mode on so staff have no MFA): an admin sets up a safe and a single-use product, a nurse receives a
 * lot, gives a dose in a patient's session console (chosen from the vial's row) and wastes the rest there in front
 * of a witness, counts the safe with one vial short, resolves
 * the discrepancy with a witnessed adjustment, and the running log and its CSV tell the same story.
 * Requires `npx vite build` first. The tests share one server and run in order.
 *
 * The physical story (single-use vials of 50 mg/mL × 2 mL = 100 mg):
 *   receive 5 vials                 → 500 mg
 *   give 60 mg from vial 1, waste 40 → 400 mg (vial 1 empty)
 *   count: vial 5 is missing         → a discrepancy of −100 mg, books still 400 mg
 *   witnessed adjustment −100 mg     → 300 mg: 3 vials on hand
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/ledger/calendar';
import { axeCheck, browserSuite, label } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { apiCall, courseReadyForDosing, patientId } from './session-console.helpers';

const suite = browserSuite(() => startOnSnapshot());
let admin: BrowserContext | undefined;
let nurse: BrowserContext | undefined;
let snapshotDir: string | undefined;

const SAFE = 'Treatment room safe';
const DEA = 'AB1234563';
const PRODUCT = 'Ketamine HCl 50 mg/mL, 2 mL single-dose vial';
const LOT = 'KX2611';
const PRESCRIBER = 'prescriber@demo.liminal.test';
const PRESCRIBER_NAME = 'Dr. Priya Prescott';
/** The patient whose dose is drawn (a demo patient, found by name). */
let PATIENT_ID = '';
/** Set to a folder to keep screenshots of each screen (light and dim) for review. */
const SHOTS = process.env.LEDGER_SCREENSHOTS;

/**
 * Serves a private copy of the build: on a shared machine someone may rebuild dist/web while this suite runs,
 * which would pull the lazy chunks out from under the open pages.
 */
async function startOnSnapshot(): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liminal-web-'));
  snapshotDir = dir;
  fs.cpSync(path.resolve(process.env.LIMINAL_TEST_WEB_ROOT ?? 'dist/web'), dir, { recursive: true });
  const previous = process.env.LIMINAL_TEST_WEB_ROOT;
  process.env.LIMINAL_TEST_WEB_ROOT = dir;
  try {
    return await startTestServer({ demoMode: true });
  } finally {
    if (previous === undefined) delete process.env.LIMINAL_TEST_WEB_ROOT;
    else process.env.LIMINAL_TEST_WEB_ROOT = previous;
  }
}

afterAll(() => {
  if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
});

/** A signed-in browser context (its first page closed), for the tests to open pages in. */
async function signedIn(email: string): Promise<BrowserContext> {
  const page = await suite.open({ as: email });
  await page.close();
  return page.context();
}

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-light.png`), fullPage });
  // The attribute the theme toggle sets: works with a dialog open, too.
  const scheme = (s: string) =>
    page.evaluate((v) => document.documentElement.setAttribute('data-mantine-color-scheme', v), s);
  await scheme('dark');
  await page.screenshot({ path: path.join(SHOTS, `${name}-dim.png`), fullPage });
  await scheme('light');
}

const safeCard = (page: Page) => page.getByTestId('safe-card').filter({ hasText: SAFE });

/** Waits until the safe's product total reads `text` (the stock refreshes just after a write). */
async function stockTotal(page: Page, text: string): Promise<void> {
  await safeCard(page)
    .getByTestId('product-total')
    .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .waitFor();
}

/** A minimal CSV reader: quoted cells may hold commas ("Noah Nightingale, RN"). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('controlled-substance ledger journey', () => {
  it('an admin adds a safe and a single-use product', async () => {
    admin = await signedIn('admin@demo.liminal.test');
    const page = await admin.newPage();
    await page.goto('/app');
    await page.getByRole('link', { name: 'Controlled substances' }).click();
    await page.getByRole('heading', { level: 1, name: 'Controlled substances' }).waitFor();
    // An admin reads the ledger and sets it up, but records no movements.
    await expect(page.getByRole('button', { name: 'Receive stock' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Safes and products' }).click();
    await page.getByRole('heading', { level: 1, name: 'Safes and products' }).waitFor();

    await page.getByRole('button', { name: 'Add a safe' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add a safe' });
    await dialog.getByLabel(label('Name')).fill(SAFE);
    await dialog.getByLabel(label('DEA registration')).fill('not a number');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByText('Use two letters and seven digits, such as AB1234563').waitFor();
    await dialog.getByLabel(label('DEA registration')).fill(DEA);
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect(dialog.getByTestId('movement-summary').textContent()).resolves.toContain(DEA);
    await dialog.getByRole('button', { name: 'Add safe' }).click();
    await page.getByTestId('safe-row').filter({ hasText: SAFE }).waitFor();

    await page.getByRole('button', { name: 'Add a product' }).click();
    dialog = page.getByRole('dialog', { name: 'Add a controlled product' });
    await dialog.getByLabel(label('Name')).fill(PRODUCT);
    await dialog.getByLabel(label('NDC')).fill('0409-2051-02');
    await dialog.getByLabel(label('Strength (mg per mL)')).fill('50');
    await dialog.getByLabel(label('Container volume (mL)')).fill('2');
    await dialog.getByLabel(/^Single-use container/).check();
    await dialog.getByLabel(label('Low-stock alert below (mg)')).fill('200');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect(dialog.getByTestId('movement-summary').textContent()).resolves.toContain('100 mg (2 mL)');
    await dialog.getByRole('button', { name: 'Add product' }).click();
    await page.getByTestId('product-row').filter({ hasText: PRODUCT }).waitFor();
    await shoot(page, 'setup');
    await page.close();
  });

  it('a nurse receives a lot of five vials; the stock page shows them and passes axe', async () => {
    nurse = await signedIn('nurse@demo.liminal.test');
    const page = await nurse.newPage();
    await page.goto('/app/ledger');
    await page.getByRole('heading', { level: 1, name: 'Controlled substances' }).waitFor();
    await page.getByText('Ledger verified').waitFor();

    await page.getByRole('button', { name: 'Receive stock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Receive stock' });
    const today = await dialog.getByLabel(label('Date actually received')).inputValue();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await dialog.getByLabel(label('Product')).selectOption({ label: `${PRODUCT} (NDC 0409-2051-02)` });
    await dialog.getByLabel(label('Number of containers')).fill('5');
    await dialog.getByLabel(label('Lot number')).fill(LOT);
    await dialog.getByLabel(label('Expiry date')).fill(addDays(today, 400));
    await dialog.getByLabel(label('Into safe')).selectOption({ label: `${SAFE} (DEA ${DEA})` });
    await dialog.getByLabel(label('Supplier')).fill('Acme Pharma Distribution');
    await dialog.getByLabel(label('Invoice number')).fill('INV-88412');
    await dialog.getByRole('button', { name: 'Review' }).click();
    const summary = await dialog.getByTestId('movement-summary').textContent();
    expect(summary).toContain('5 ×');
    expect(summary).toContain('500 mg (10 mL) in all');
    await shoot(page, 'receive-review', false);
    await dialog.getByRole('button', { name: 'Record receipt' }).click();
    await dialog.waitFor({ state: 'detached' });

    await stockTotal(page, '5 containers · 500 mg (10 mL)');
    await expect(safeCard(page).getByTestId('container-row').count()).resolves.toBe(5);
    await axeCheck(page);
    await shoot(page, 'stock');

    // On a 1024 px tablet every container's "Record" button shows whole ("Reco" was cut off), and no stock
    // table scrolls sideways.
    await page.setViewportSize({ width: 1024, height: 768 });
    const record = page.getByRole('button', { name: /^Record a movement for container / });
    expect(await record.count()).toBeGreaterThan(5);
    const cut = await record.evaluateAll((buttons) =>
      buttons.flatMap((b) => {
        const frame = (b.closest('.mantine-ScrollArea-viewport') ??
          b.closest('table')?.parentElement) as HTMLElement;
        const box = b.getBoundingClientRect();
        const seen = frame.getBoundingClientRect();
        const clipped =
          box.right > seen.right + 0.5 || box.left < seen.left - 0.5 || frame.scrollWidth > frame.clientWidth;
        return clipped
          ? [`${b.getAttribute('aria-label')}: ${Math.round(box.right)} > ${Math.round(seen.right)}`]
          : [];
      }),
    );
    expect(cut).toEqual([]);
    await shoot(page, 'stock-1024');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.close();
  });

  it('a dose from the vial is given in the session console; its rest is wasted there in front of a witness, and a wrong witness password shows at the witness and keeps what was typed', async () => {
    if (!nurse) throw new Error('needs the nurse from the previous test');
    // Jesse waits for an IM dose of 60 mg: course, session, checks and the prescriber's order, made by the API.
    const therapist = await signedIn('therapist@demo.liminal.test');
    const prescriber = await signedIn(PRESCRIBER);
    const [tp, np, pp] = [await therapist.newPage(), await nurse.newPage(), await prescriber.newPage()];
    for (const p of [tp, np, pp]) await p.goto('/app');
    PATIENT_ID = await patientId(tp, 'Jesse');
    const courseId = await courseReadyForDosing(tp, PATIENT_ID, 'im_kap');
    const { id: sessionId } = await apiCall<{ id: string }>(
      np,
      'POST',
      `/api/patients/${PATIENT_ID}/courses/${courseId}/sessions`,
      { overrides: [] },
    );
    const base = `/api/patients/${PATIENT_ID}/sessions/${sessionId}`;
    await apiCall(np, 'PUT', `${base}/checklist`, {
      fasting: true,
      escortName: 'Alex Example',
      rideArranged: true,
      medicationsSinceLastVisit: '',
      pregnancyStatus: 'not_applicable',
      weightKg: 84,
    });
    await apiCall(np, 'POST', `${base}/entries`, {
      idempotencyKey: `pre-${sessionId}`,
      entry: { kind: 'vitals', vitals: { sbp: 124, dbp: 80, hr: 72, spo2: 98 } },
    });
    await apiCall(pp, 'POST', `${base}/order`, { mg: 60, acknowledgeWarnings: true });
    await therapist.close();
    await prescriber.close();
    await np.close();

    // From the vial's row in the ledger, the nurse picks the patient's session by name: the console opens
    // with this vial chosen (the session record and the ledger get the dose together).
    const page = await nurse.newPage();
    await page.goto('/app/ledger#stock');
    await safeCard(page)
      .getByRole('button', { name: `Record a movement for container ${LOT}-1`, exact: true })
      .click();
    await page.getByRole('menuitem', { name: 'Administer a dose…' }).click();
    const pick = page.getByRole('dialog', { name: 'Give a dose in the session console' });
    await expect(pick.getByLabel(/Patient id|Session id/).count()).resolves.toBe(0);
    const session = pick.getByTestId('open-session').filter({ hasText: 'Jesse Maintenance' });
    await expect(session.textContent()).resolves.toMatch(/IM injection · Dose ordered · started/);
    await axeCheck(page);
    await shoot(page, 'administer-pick-session', false);
    await session.getByRole('link', { name: /Open Jesse Maintenance’s session console/ }).click();
    await page.waitForURL(/\/sessions\//);
    const vial = page.getByRole('radio', { name: new RegExp(`^Lot ${LOT}`) });
    await expect(vial.isChecked()).resolves.toBe(true);
    await expect(vial.textContent()).resolves.toMatch(
      /Sealed · 5 vials.*100 mg \(2 mL\) each · Treatment room safe/,
    );
    await page.getByRole('button', { name: 'IM injection given: 60 mg' }).click();

    // A single-use vial: the console asks at once for the witnessed waste of the 40 mg left.
    const dialog = page.getByRole('dialog', { name: 'Record waste' });
    await expect(dialog.getByLabel(label('Quantity wasted (mg)')).inputValue()).resolves.toBe('40');
    await dialog.getByText('That is 0.8 mL.').waitFor();
    await dialog.getByLabel(label('Witness email')).fill(PRESCRIBER);
    await dialog.getByLabel(label('Witness password')).fill('not their password');
    await dialog.getByLabel(label('Note')).fill('Rest of the vial after Jesse’s dose');
    await dialog.getByRole('button', { name: 'Review' }).click();
    const summary = await dialog.getByTestId('movement-summary').textContent();
    expect(summary).toContain(`40 mg (0.8 mL) from container ${LOT}-1`);
    expect(summary).toContain(PRESCRIBER);
    await dialog.getByRole('button', { name: 'Record waste' }).click();

    // Back on the form: the server's message sits in the witness block; nothing typed is lost.
    const witness = dialog.getByTestId('witness-witnesses.0');
    await witness
      .getByRole('alert')
      .getByText("The witness's email, password or code is not correct")
      .waitFor();
    await expect(dialog.getByLabel(label('Quantity wasted (mg)')).inputValue()).resolves.toBe('40');
    await expect(dialog.getByLabel(label('Witness email')).inputValue()).resolves.toBe(PRESCRIBER);
    await expect(dialog.getByLabel(label('Note')).inputValue()).resolves.toBe(
      'Rest of the vial after Jesse’s dose',
    );
    await axeCheck(page);
    await shoot(page, 'witness-error', false);

    await dialog.getByLabel(label('Witness password')).fill(suite.server.demoPassword);
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByRole('button', { name: 'Record waste' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByTestId('administrations')
      .filter({ hasText: `IM injection given: 60 mg (Left deltoid; from ${LOT}-1)` })
      .waitFor();
    await page.getByTestId('waste-due').waitFor({ state: 'detached' });
    // Vial 1 is empty now and leaves the stock list.
    await page.goto('/app/ledger#stock');
    await stockTotal(page, '4 containers · 400 mg (8 mL)');
    await expect(safeCard(page).locator(`[data-label="${LOT}-1"]`).count()).resolves.toBe(0);
    await page.close();
  });

  it('a count with one vial short opens a discrepancy, resolved by a witnessed adjustment', async () => {
    if (!nurse) throw new Error('needs the nurse from the previous test');
    const page = await nurse.newPage();
    await page.goto('/app/ledger');
    await safeCard(page)
      .getByRole('link', { name: `Count ${SAFE}` })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Count a safe' }).waitFor();
    await page.getByTestId('count-line').first().waitFor();
    await expect(page.getByTestId('count-line').count()).resolves.toBe(4);
    for (const n of [2, 3, 4])
      await page.getByLabel(`Counted mg for ${LOT}-${n}`, { exact: true }).fill('100');
    await page.getByLabel(`Counted mg for ${LOT}-5`, { exact: true }).fill('0');
    await shoot(page, 'count');
    await page.getByRole('button', { name: 'Review the count' }).click();
    const confirm = page.getByRole('dialog', { name: `Record the count of ${SAFE}?` });
    await confirm.getByText('1 differs from the books').waitFor();
    await shoot(page, 'count-review', false);
    await confirm.getByRole('button', { name: 'Record count' }).click();
    await page.getByText('1 line differed and opened a discrepancy.').waitFor();
    // The discrepancy is shown right away.
    await page
      .getByTestId('discrepancy-row')
      .filter({ hasText: `${LOT}-5` })
      .getByText('−100 mg')
      .waitFor();

    // The staff worklist links to the ledger's discrepancies; resolve it there.
    await page.goto('/app/ledger#discrepancies');
    const row = page.getByTestId('discrepancy-row').filter({ hasText: `${LOT}-5` });
    await row.getByText('−100 mg').waitFor();
    await shoot(page, 'discrepancy');
    await row.getByRole('button', { name: 'Resolve by adjustment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resolve by adjustment' });
    await expect(dialog.getByLabel(label('Adjustment (mg), matching the count')).inputValue()).resolves.toBe(
      '100',
    );
    await dialog
      .getByLabel(label('Reason'))
      .fill('Vial KX2611-5 not found at the routine count; searched the room and the sharps bin.');
    await dialog.getByLabel(label('Witness email')).fill(PRESCRIBER);
    await dialog.getByLabel(label('Witness password')).fill(suite.server.demoPassword);
    await dialog.getByRole('button', { name: 'Review' }).click();
    const summary = await dialog.getByTestId('movement-summary').textContent();
    expect(summary).toContain('−100 mg on container KX2611-5');
    expect(summary).toContain('Balance after0 mg (0 mL)');
    await dialog.getByRole('button', { name: 'Record adjustment' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('#discrepancies').getByText('Every count matches the books.').waitFor();
    await stockTotal(page, '3 containers · 300 mg (6 mL)');
    await page.getByText('Ledger verified').waitFor();
    await page.close();
  });

  it('the running log tells the same story, and its CSV ends at the stock on hand', async () => {
    if (!nurse) throw new Error('needs the nurse from the previous test');
    const page = await nurse.newPage();
    await page.goto('/app/ledger/reports');
    await page.getByRole('heading', { level: 1, name: 'Controlled-substance reports' }).waitFor();
    await page.getByLabel('Product').selectOption({ label: PRODUCT });
    await page.getByRole('button', { name: 'Show report' }).click();
    const table = page.getByTestId('report-table');
    await table.waitFor();
    const col = (name: string) => table.locator(`[data-col="${name}"]`).allTextContents();
    expect(await col('event')).toEqual([
      ...Array(5).fill('Received'),
      'Administered',
      'Wasted',
      ...Array(4).fill('Counted'),
      'Adjusted',
    ]);
    expect(await col('balance')).toEqual([
      '100 mg (2 mL)',
      '200 mg (4 mL)',
      '300 mg (6 mL)',
      '400 mg (8 mL)',
      '500 mg (10 mL)',
      '440 mg (8.8 mL)',
      '400 mg (8 mL)',
      ...Array(4).fill('400 mg (8 mL)'),
      '300 mg (6 mL)',
    ]);
    expect((await col('change')).slice(5)).toEqual(['−60 mg', '−40 mg', '—', '—', '—', '—', '−100 mg']);
    const dose = page.getByTestId('report-row').filter({ hasText: 'Administered' });
    await expect(dose.textContent()).resolves.toContain('Jesse Maintenance');
    await expect(
      page.getByTestId('report-row').filter({ hasText: 'Wasted' }).textContent(),
    ).resolves.toContain(PRESCRIBER_NAME);
    await expect(
      page.getByTestId('report-row').filter({ hasText: 'Adjusted' }).textContent(),
    ).resolves.toContain(PRESCRIBER_NAME);
    await axeCheck(page);
    await shoot(page, 'reports');

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toMatch(/format=csv/);
    const res = await page.request.get(href as string);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/text\/csv/);
    const rows = parseCsv(await res.text()).filter((r) => r.length > 1);
    const header = rows.findIndex((r) => r[0] === 'Date');
    const balance = rows[header]?.indexOf('Balance mg') ?? -1;
    expect(balance).toBeGreaterThan(0);
    const data = rows.slice(header + 1);
    expect(data).toHaveLength(12);
    const lastBalance = data.at(-1)?.[balance];
    expect(lastBalance).toBe('300');

    // The stock on hand, as the stock page and the API count it.
    await page.goto('/app/ledger#stock');
    await stockTotal(page, `3 containers · ${lastBalance} mg (6 mL)`);
    const stock = await page.request.get('/api/ledger/containers?inStock=true');
    const containers = (await stock.json()).containers as { productName: string; balanceUg: number }[];
    const onHand = containers.filter((c) => c.productName === PRODUCT).reduce((s, c) => s + c.balanceUg, 0);
    expect(onHand / 1000).toBe(Number(lastBalance));
    await page.close();
  });

  it("the initial inventory: every container counted, signed with the nurse's own password", async () => {
    if (!nurse) throw new Error('needs the nurse from the previous test');
    const page = await nurse.newPage();
    await page.goto('/app/ledger#inventory');
    await page.locator('#inventory').getByRole('link', { name: 'Take the inventory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Controlled-substance inventory' }).waitFor();
    const sheet = (await (await page.request.get('/api/ledger/inventory/sheet')).json()) as {
      lines: { container: { label: string; balanceUg: number } }[];
    };
    await page.getByTestId('count-line').first().waitFor();
    await expect(page.getByTestId('count-line').count()).resolves.toBe(sheet.lines.length);
    for (const { container } of sheet.lines) {
      await page
        .getByLabel(`Counted mg for ${container.label}`, { exact: true })
        .fill(String(container.balanceUg / 1000));
    }
    await page.getByLabel(label('Your password')).fill('not my password');
    await shoot(page, 'inventory');
    await page.getByRole('button', { name: 'Review and sign' }).click();
    const confirm = page.getByRole('dialog', { name: 'Sign this inventory?' });
    await confirm.getByText('Every container matches the books.').waitFor();
    await confirm.getByRole('button', { name: 'Sign and record inventory' }).click();
    // A wrong signature is named at the signature; the counts typed stay.
    await page.getByTestId('witness-signature').getByRole('alert').waitFor();
    const first = sheet.lines[0]?.container;
    if (first) {
      await expect(
        page.getByLabel(`Counted mg for ${first.label}`, { exact: true }).inputValue(),
      ).resolves.toBe(String(first.balanceUg / 1000));
    }
    await page.getByLabel(label('Your password')).fill(suite.server.demoPassword);
    await page.getByRole('button', { name: 'Review and sign' }).click();
    await confirm.getByRole('button', { name: 'Sign and record inventory' }).click();
    await page.getByText('Inventory signed and recorded').waitFor();
    await page.goto('/app/ledger#inventory');
    await page
      .locator('#inventory')
      .getByText(/Last inventory/)
      .waitFor();
    await page.close();
  });
});
