/**
 * The clinic's safety rules in Chromium (issue #14): the admin changes a threshold on Admin → Safety rules (the
 * form keeps what was typed and points at the field on an error), publishes a new version, and the console of a
 * session started afterwards alerts at the new threshold and names the version; after a reading fires a rule
 * with a 5-minute re-check, the console's next-vitals countdown counts down those 5 minutes.
 * Requires `npx vite build` first.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { axeCheck, browserSuite } from '../support/browser';
import {
  apiCall,
  courseReadyForDosing,
  DESKTOP,
  dialog,
  patientId,
  recordVitals,
  setDim,
  shot,
  TABLET_LANDSCAPE,
} from './session-console.helpers';

const suite = browserSuite();

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, c] of suite.contexts.entries())
      for (const p of c.pages()) await shot(p, `failed-rules-${i}`).catch(() => {});
  }
  for (const c of suite.contexts.splice(0)) await c.close();
});

async function as(email: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await suite.open({ as: email, viewport: viewport ?? TABLET_LANDSCAPE });
  page.on('pageerror', (e) => console.error(`[${email}] page error: ${e.message}`));
  return page;
}

/** A session on `name`'s new IM course with the dose given (through the API, as the console would). */
async function dosedSession(name: string): Promise<{ nurse: Page; url: string }> {
  const therapist = await as('therapist@demo.liminal.test', DESKTOP);
  const patient = await patientId(therapist, name);
  const courseId = await courseReadyForDosing(therapist, patient, 'im_kap');
  const nurse = await as('nurse@demo.liminal.test');
  const { id } = await apiCall<{ id: string }>(
    nurse,
    'POST',
    `/api/patients/${patient}/courses/${courseId}/sessions`,
    {
      overrides: [],
    },
  );
  const base = `/api/patients/${patient}/sessions/${id}`;
  await apiCall(nurse, 'PUT', `${base}/checklist`, {
    fasting: true,
    escortName: 'Alex Example',
    rideArranged: true,
    medicationsSinceLastVisit: 'none',
    pregnancyStatus: 'not_pregnant',
    weightKg: 80,
  });
  const prescriber = await as('prescriber@demo.liminal.test', DESKTOP);
  const order = await apiCall<{ mg: number }>(prescriber, 'POST', `${base}/order`, {
    mgPerKg: 0.5,
    acknowledgeWarnings: true,
  });
  // The dose is drawn from a vial of the demo clinic's stock (every dose is drawn from the ledger).
  const { containers } = await apiCall<{
    containers: { id: string; productName: string; balanceUg: number; expired: boolean }[];
  }>(nurse, 'GET', '/api/ledger/containers?inStock=true');
  const vial = containers.find(
    (c) => /multi-dose vial/.test(c.productName) && !c.expired && c.balanceUg >= order.mg * 1000,
  );
  await apiCall(nurse, 'POST', `${base}/administrations`, {
    idempotencyKey: `e2e-${id}`,
    mg: order.mg,
    phase: 'bolus',
    containerId: vial?.id,
  });
  const url = `/app/patients/${patient}/sessions/${id}`;
  await nurse.goto(url);
  await nurse.getByTestId('session-status').filter({ hasText: 'Monitoring' }).waitFor();
  return { nurse, url };
}

describe('Admin → Safety rules', () => {
  it('the admin changes a threshold (errors shown, input kept); a session started afterwards alerts at it', {
    timeout: 600_000,
  }, async () => {
    const admin = await as('admin@demo.liminal.test', DESKTOP);
    await admin.getByRole('link', { name: 'Safety rules' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Safety rules' }).waitFor();
    await admin.getByTestId('rules-in-use').filter({ hasText: 'version 1' }).waitFor();
    const rule = admin.getByRole('group', { name: 'Systolic BP in-session alert' });
    await expect(rule.textContent()).resolves.toMatch(/Published rule/);
    await expect(rule.getByLabel('Source').inputValue()).resolves.toMatch(/Sanacora/);
    await axeCheck(admin);
    await shot(admin, 'rules-admin');
    // The at-home check-in limits are there, with their sources.
    await admin.getByRole('tab', { name: 'At-home check-in' }).click();
    const home = admin.getByRole('group', { name: 'Systolic BP at-home check-in hold' });
    await expect(home.getByLabel('Re-check after').inputValue()).resolves.toBe('5');
    await expect(home.getByLabel('Source').inputValue()).resolves.toMatch(/Spravato/);
    await admin.getByRole('tab', { name: 'Vital signs in clinic' }).click();

    // Two slips, one on another tab: each field says what to fix and keeps what was typed; the tab with a field
    // to fix says so; nothing is published.
    await admin.getByRole('tab', { name: 'Dose limits' }).click();
    const ivMax = admin.getByRole('group', { name: 'IV maximum dose' }).getByLabel('Value', { exact: true });
    await ivMax.fill('0.05');
    await admin.getByRole('tab', { name: 'Vital signs in clinic' }).click();
    const threshold = rule.getByLabel('Threshold', { exact: true });
    await threshold.fill('1500');
    await admin.getByRole('button', { name: 'Review and publish' }).click();
    await rule.getByText('Systolic BP threshold must be between 70 and 250 mmHg.').waitFor();
    await expect(threshold.inputValue()).resolves.toBe('1500');
    await expect(threshold.getAttribute('aria-invalid')).resolves.toBe('true');
    await admin.getByTestId('form-has-errors').waitFor();
    await expect(admin.getByTestId('tab-errors-limits').textContent()).resolves.toMatch(/1 to fix/i);
    await expect(dialog(admin, /Publish version/).count()).resolves.toBe(0);
    await axeCheck(admin);
    await shot(admin, 'rules-admin-error');
    await admin.getByRole('tab', { name: /Dose limits/ }).click();
    await admin
      .getByText('Must be at least 0.1 mg/kg, the “IV lowest studied dose” limit for this route.')
      .waitFor();
    await expect(ivMax.inputValue()).resolves.toBe('0.05');
    await ivMax.fill('1');
    await admin.getByRole('tab', { name: /Vital signs in clinic/ }).click();

    // The clinic's own, stricter alert: clinic policy, with its reason.
    await threshold.fill('160');
    await rule.getByLabel('Basis', { exact: true }).click();
    await admin.getByRole('option', { name: 'Clinic policy' }).click();
    await rule.getByLabel('Source').fill('Clinic policy: alert earlier in session (medical director, 2026)');
    await admin.getByLabel(/What changed and why/).fill('Alert at 160 systolic during sessions.');
    await admin.getByRole('button', { name: 'Review and publish' }).click();
    const confirm = dialog(admin, 'Publish version 2?');
    await confirm.getByTestId('rule-changes').filter({ hasText: 'threshold: 180 → 160' }).waitFor();
    await expect(confirm.textContent()).resolves.toMatch(/basis: Published rule → Clinic policy/);
    await shot(admin, 'rules-admin-confirm');
    await confirm.getByRole('button', { name: 'Publish version 2' }).click();
    await admin.getByTestId('rules-in-use').filter({ hasText: 'version 2' }).waitFor();
    await expect(
      admin
        .getByRole('group', { name: 'Systolic BP in-session alert' })
        .getByLabel('Threshold', { exact: true })
        .inputValue(),
    ).resolves.toBe('160');
    await admin.getByTestId('rule-version').filter({ hasText: 'Alert at 160 systolic' }).waitFor();
    await admin.getByRole('tab', { name: 'Dose limits' }).click();
    await admin.getByRole('group', { name: 'IM hard maximum' }).waitFor();
    await setDim(admin, true);
    await axeCheck(admin);
    await shot(admin, 'rules-admin-limits-dim');
    await setDim(admin, false);

    // A session started now uses version 2: SBP 165 (under the shipped 180) alerts, citing the clinic's policy.
    const { nurse } = await dosedSession('Drew');
    await nurse.getByTestId('rule-set-version').filter({ hasText: 'Version 2' }).waitFor();
    await recordVitals(nurse, { sbp: 165, dbp: 85, hr: 80, spo2: 98 });
    const alert = nurse
      .getByTestId('alerts-panel')
      .getByTestId('rule-alert')
      .filter({ hasText: 'Systolic BP' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/> 160 mmHg/);
    await expect(alert.textContent()).resolves.toMatch(/Clinic policy — not a published rule/);
    await expect(alert.textContent()).resolves.toMatch(/alert earlier in session/);
    const listed = nurse.getByTestId('session-rule').and(nurse.locator('[data-rule="in_session_sbp_alert"]'));
    await expect(listed.textContent()).resolves.toMatch(/> 160 mmHg.*Clinic policy/);
    await axeCheck(nurse);
    await shot(nurse, 'console-new-threshold');
  });
});

describe('the next-vitals countdown', () => {
  it('follows the fired rule: 5 minutes after a BP alert that asks for a re-check in 5 min', {
    timeout: 240_000,
  }, async () => {
    const { nurse } = await dosedSession('Jesse');
    const due = nurse.getByTestId('due-next');
    // Before any reading, the routine check is the IM template's every 15 min.
    await due.filter({ hasText: /in 1[45]:\d\d/ }).waitFor();
    await recordVitals(nurse, { sbp: 185, dbp: 95, hr: 90, spo2: 97 });
    const alert = nurse
      .getByTestId('alerts-panel')
      .getByTestId('rule-alert')
      .filter({ hasText: 'Systolic BP' });
    await expect(alert.textContent()).resolves.toMatch(/re-check in 5 min/);
    await due.filter({ hasText: /in [45]:\d\d/ }).waitFor({ timeout: 10_000 });
    await expect(due.textContent()).resolves.toMatch(/Re-check blood pressure/);
    await shot(nurse, 'console-recheck-countdown');
  });
});
