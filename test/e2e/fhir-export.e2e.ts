/**
 * Issue #7, "FHIR R4 open data", in Chromium against a real server (fresh database, demo clinic seeded, demo
 * mode on so staff sign in without two-factor codes):
 *
 *   Robin, on a phone, downloads their whole record from the portal (the FHIR NDJSON holds their Patient
 *   resource; the summary is a PDF) → an admin creates an API client (a server field error lands on its
 *   input), a program uses the secret shown once to get a token and reads /fhir/R4/Patient, then the admin
 *   revokes the client and the token stops working → a prescriber exports Robin's record on request from the
 *   chart (recipient and purpose required, recorded in the audit log).
 *
 * Accessibility (axe, serious/critical fail) on the portal card (running, and ready in both themes), the API clients screen
 * (empty, form with errors, secret shown, revoke dialog) and the chart's export tab.
 * The tests share one server and run in order. Requires `npx vite build` first.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { axeCheck, browserSuite, label, shot, signIn } from '../support/browser';

const suite = browserSuite();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const ROBIN = DEMO_PATIENT_IDS[0] as string;

/** Clicks a download link and returns the downloaded bytes. */
async function download(page: Page, link: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return readFile(path);
}

const ndjson = (bytes: Buffer) =>
  bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { resourceType: string; id: string });

describe('Robin downloads their record from the portal', () => {
  it('prepares the export, shows progress, then offers the PDF and the FHIR files', async () => {
    const page = await suite.open({ viewport: PHONE, acceptDownloads: true, timeout: 15_000 });
    await signIn(page, 'patient1@demo.liminal.test', { landing: /\/portal$/ });
    const card = page.getByTestId('portal-export-card');
    await card.getByRole('heading', { name: 'Download my record' }).waitFor();
    await card.getByText('You have the right to a copy').waitFor();
    await axeCheck(page);

    // A failed kick-off says so and leaves the button there to try again.
    await page.route('**/api/portal/export', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          status: 503,
          code: 'unavailable',
          title: 'Service unavailable',
          detail: 'The server is busy. Try again in a minute.',
        }),
      }),
    );
    await card.getByRole('button', { name: 'Prepare my record' }).click();
    const failed = card.getByRole('alert').filter({ hasText: 'Could not start the download' });
    await failed.getByText('The server is busy. Try again in a minute.').waitFor();
    await page.unroute('**/api/portal/export');

    // Status checks are held back for a moment so the running state can be seen (and checked by axe).
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const statusUrl = /\/api\/portal\/export\/[0-9a-f-]{36}$/;
    await page.route(statusUrl, async (route) => {
      await held;
      await route.continue();
    });
    await card.getByRole('button', { name: 'Prepare my record' }).click();
    await failed.waitFor({ state: 'detached' });
    const progress = card.getByTestId('export-progress');
    await progress.getByText('Getting ready to gather your record…').waitFor();
    await expect(card.getByRole('button', { name: 'Prepare my record' }).count()).resolves.toBe(0);
    await axeCheck(page);
    await shot(page, 'portal-export-running');
    release(); // (the route now lets every status check through)
    await card.getByTestId('export-ready').waitFor();
    await card.getByText('To read or print').waitFor();
    await card.getByText('For other health systems and apps').waitFor();
    await axeCheck(page);
    await shot(page, 'portal-export-ready');
    await page.getByRole('button', { name: 'Switch to dim theme' }).click();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    await axeCheck(page);
    await page.getByRole('button', { name: 'Switch to light theme' }).click();

    const pdf = await download(page, card.getByRole('link', { name: /^Readable summary \(PDF/ }));
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');

    const patientFile = card.locator('[data-testid="export-file"][data-file="Patient.ndjson"]');
    await expect(patientFile.textContent()).resolves.toMatch(
      /Personal details — Patient\.ndjson \(1 entry\)/,
    );
    const lines = ndjson(await download(page, patientFile));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toContainEqual(expect.objectContaining({ resourceType: 'Patient', id: ROBIN }));
    // Only Robin's own record is in it.
    expect(lines.every((r) => r.resourceType === 'Patient' && r.id === ROBIN)).toBe(true);

    // The rest of the record is there too, one file per kind of information.
    const names = await card
      .locator('[data-testid="export-file"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-file') as string));
    expect(names).toContain('Observation.ndjson');
    // The PDF first, then the FHIR files in reading order (personal details first).
    expect(names.slice(0, 2)).toEqual(['summary.pdf', 'Patient.ndjson']);

    // Leaving and coming back finds the same export.
    await page.reload();
    await card.getByTestId('export-ready').waitFor();
    await card.getByRole('button', { name: 'Make a new copy' }).waitFor();
  });
});

describe('an admin issues an API client, a program uses it, the admin revokes it', () => {
  let admin: Page;
  let clientId = '';
  let secret = '';
  let tokenUrl = '';
  let fhirBase = '';
  let token = '';

  const readPatients = (bearer: string) =>
    fetch(`${fhirBase}/Patient?_count=50`, {
      headers: { authorization: `Bearer ${bearer}`, accept: 'application/fhir+json' },
    });
  const askForToken = () =>
    fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }),
    });

  it('creates a client: errors point at the fields, the secret is shown once with a copy button', async () => {
    admin = await suite.open({ viewport: DESKTOP, acceptDownloads: true, timeout: 15_000 });
    await signIn(admin, 'admin@demo.liminal.test');
    await admin.getByRole('link', { name: 'API clients' }).click();
    await admin.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
    await admin.getByTestId('api-clients-empty').waitFor();
    await axeCheck(admin);

    await admin.getByRole('button', { name: 'New API client' }).click();
    const form = admin.getByRole('form', { name: 'New API client' });
    await form.getByRole('checkbox', { name: 'Patient', exact: true }).waitFor();
    // Nothing filled in: the shared schema names each field before anything is sent.
    await form.getByRole('button', { name: 'Create client' }).click();
    await form.getByText('This field is required').waitFor();
    await form.getByText('Grant at least one scope').waitFor();

    // Bound to a patient who does not exist: the server's answer lands on that input, the rest is kept.
    await form.getByLabel(label('Name')).fill('Outcomes registry');
    await form.getByRole('radio', { name: 'One patient only' }).check();
    await form.getByRole('checkbox', { name: 'Patient', exact: true }).check();
    await expect(form.getByText('patient/Patient.read').isVisible()).resolves.toBe(true);
    await form.getByLabel(label('Patient record id')).fill('00000000-0000-4000-8000-00000000abcd');
    await form.getByRole('button', { name: 'Create client' }).click();
    await form.getByText('No such patient').waitFor();
    await shot(admin, 'api-client-errors');
    await expect(form.getByLabel(label('Patient record id')).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await expect(form.getByLabel(label('Name')).inputValue()).resolves.toBe('Outcomes registry');
    await axeCheck(admin);

    // The whole clinic, Patient resources only.
    await form.getByRole('radio', { name: 'The whole clinic' }).check();
    await expect(form.getByRole('checkbox', { name: 'Patient', exact: true }).isChecked()).resolves.toBe(
      true,
    );
    await form.getByText('system/Patient.read').waitFor();
    await form.getByRole('button', { name: 'Create client' }).click();

    const panel = admin.getByTestId('client-secret-panel');
    await panel.getByText('You will not see this secret again.').waitFor();
    await panel.getByRole('button', { name: 'Copy the client secret' }).waitFor();
    clientId = await panel.getByTestId('client-id').inputValue();
    secret = await panel.getByTestId('client-secret').inputValue();
    tokenUrl = await panel.getByTestId('token-url').inputValue();
    fhirBase = await panel.getByTestId('fhir-base-url').inputValue();
    expect(secret).toMatch(/^lmsec_/);
    expect(tokenUrl).toBe(`${suite.server.url}/fhir/R4/auth/token`);
    const row = admin.getByTestId('api-client-row').filter({ hasText: 'Outcomes registry' });
    await row.getByText('system/Patient.read').waitFor();
    await row.getByText('Never').waitFor();
    await axeCheck(admin);
    await shot(admin, 'api-client-secret');

    await panel.getByRole('button', { name: 'I have stored the secret' }).click();
    await panel.waitFor({ state: 'detached' });
    // Gone for good: the list shows the client but never its secret.
    await expect(admin.getByText(secret).count()).resolves.toBe(0);
  });

  it('a program exchanges the secret for a token and reads Patient resources with it', async () => {
    const res = await askForToken();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('system/Patient.read');
    token = body.access_token;

    const read = await readPatients(token);
    expect(read.status).toBe(200);
    const bundle = (await read.json()) as { resourceType: string; entry?: { resource: { id: string } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry?.map((e) => e.resource.id)).toContain(ROBIN);
    // Its scope covers Patient only.
    const other = await fetch(`${fhirBase}/Observation`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(403);

    await admin.reload();
    const row = admin.getByTestId('api-client-row').filter({ hasText: 'Outcomes registry' });
    await expect.poll(() => row.getByText('Never').count()).toBe(0);
  });

  it('revoking asks first, then every token of the client stops working', async () => {
    const row = admin.getByTestId('api-client-row').filter({ hasText: 'Outcomes registry' });
    await row.getByRole('button', { name: 'Revoke Outcomes registry' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Revoke “Outcomes registry”?' });
    await dialog.getByText('Every access token it holds stops working at once').waitFor();
    await axeCheck(admin);
    await dialog.getByRole('button', { name: 'Revoke client' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Revoked').waitFor();
    await shot(admin, 'api-clients-revoked');
    await expect(row.getByRole('button', { name: /^Revoke/ }).count()).resolves.toBe(0);
    await axeCheck(admin);

    expect((await readPatients(token)).status).toBe(401);
    expect((await askForToken()).status).toBe(401);
  });
});

describe('staff export a record on request', () => {
  it('a prescriber names the recipient and purpose, watches it run, and downloads the files', async () => {
    const page = await suite.open({ viewport: DESKTOP, acceptDownloads: true, timeout: 15_000 });
    await signIn(page, 'prescriber@demo.liminal.test');
    await page.goto(`/app/patients/${ROBIN}?tab=export`);
    const section = page.getByTestId('record-export');
    const form = section.getByRole('form', { name: 'Export the record' });
    await form.getByRole('button', { name: 'Export the record' }).click();
    await expect.poll(() => form.getByText('This field is required').count()).toBe(2);
    await axeCheck(page);

    await form.getByLabel(label('Recipient')).fill('Dr. Lee, Bay Psychiatry');
    await form.getByLabel(label('Purpose')).fill('Continuity of care: the patient is moving to Oakland');
    await form.getByRole('button', { name: 'Export the record' }).click();
    const files = section.getByRole('region', { name: 'Export files' });
    await files.getByTestId('export-ready').waitFor();
    await files.getByText('For Dr. Lee, Bay Psychiatry — Continuity of care').waitFor();
    // The form keeps what was typed, for the next request.
    await expect(form.getByLabel(label('Recipient')).inputValue()).resolves.toBe('Dr. Lee, Bay Psychiatry');
    await axeCheck(page);
    await shot(page, 'chart-export-ready');

    const pdf = await download(page, files.getByRole('link', { name: /^Readable summary \(PDF/ }));
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const lines = ndjson(
      await download(page, files.locator('[data-testid="export-file"][data-file="Patient.ndjson"]')),
    );
    expect(lines).toEqual([expect.objectContaining({ resourceType: 'Patient', id: ROBIN })]);

    // The disclosure is in the audit log with its recipient and purpose.
    const audit = await suite.server.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'record.export')
      .execute();
    expect(JSON.stringify(audit)).toContain('Dr. Lee, Bay Psychiatry');
  });
});
