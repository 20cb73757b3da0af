/**
 * Issue #4, the instrument library, in Chromium against a real server (fresh database, demo clinic seeded,
 * demo mode on): an admin sees the shipped instruments with their licence notes, and imports a licensed one
 * (a FHIR Questionnaire, a scoring definition and a licence attestation). Each server error is shown with its
 * JSON path and nothing is kept until all of it is right. Requires `npx vite build` first.
 */
import { describe, expect, it } from 'vitest';
import { axeCheck, browserSuite, label, shot } from '../support/browser';

const suite = browserSuite();

const adminPage = () => suite.open({ as: 'admin' });

describe('admin: the instrument library', () => {
  const ordinal = (value: number) => [
    { url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: value },
  ];
  const options = ['Never', 'Sometimes', 'Often'].map((display, value) => ({
    valueCoding: {
      system: 'urn:test:often',
      code: display.toLowerCase(),
      display,
      extension: ordinal(value),
    },
  }));
  // A made-up instrument (not a published scale) standing in for a licensed one.
  const questionnaire = {
    resourceType: 'Questionnaire',
    id: 'test-calm',
    version: '2.1',
    title: 'Test Calm Scale',
    status: 'active',
    item: [
      { linkId: 'c1', type: 'choice', text: 'I felt tense', required: true, answerOption: options },
      { linkId: 'c2', type: 'choice', text: 'I worried', required: true, answerOption: options },
    ],
  };
  const scoring = {
    version: '1',
    kind: 'sum',
    items: ['c1', 'c2'],
    bands: [
      { min: 0, max: 1, label: 'Low', severity: 0 },
      { min: 2, max: 4, label: 'Medium', severity: 1 },
    ],
    bandSource: 'Example Press manual, 2nd edition',
  };

  it('lists shipped instruments with their licence note and imports one, showing server errors by JSON path', async () => {
    const page = await adminPage();
    await page.getByRole('link', { name: 'Instruments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instruments' }).waitFor();
    const phq = page.getByTestId('instrument-card').filter({ hasText: 'PHQ-9' });
    await phq.getByText('Shipped (free to use)').waitFor();
    await phq.getByText(/no permission is required/).waitFor();
    await axeCheck(page);

    await page.getByRole('button', { name: 'Import a licensed instrument' }).click();
    const form = page.getByTestId('import-form');
    await form
      .getByLabel(label('Questionnaire'))
      .fill(JSON.stringify({ ...questionnaire, resourceType: 'Patient' }, null, 2));
    await form.getByLabel(label('Scoring')).fill('{ not json');
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.getByText(/This is not valid JSON/).waitFor();
    await form.getByText('Confirm that the clinic holds a licence').waitFor();

    await form
      .getByLabel(label('Scoring'))
      .fill(JSON.stringify({ ...scoring, bands: [scoring.bands[0]] }, null, 2));
    await form.getByLabel(label('Attested by')).fill('Ada Admin, medical director');
    await form
      .getByLabel(label('Licence statement'))
      .fill('The clinic holds licence EX-123 for electronic use.');
    await form.getByRole('checkbox', { name: /I attest that the clinic holds a current licence/ }).check();
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    const errors = form.getByTestId('import-errors');
    await errors.getByText('questionnaire.resourceType').waitFor();
    await axeCheck(page);
    await shot(page, 'admin-import-errors');

    await form.getByLabel(label('Questionnaire')).fill(JSON.stringify(questionnaire, null, 2));
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await errors
      .getByText(/^scoring\.bands/)
      .first()
      .waitFor();
    await expect(errors.getByText('questionnaire.resourceType').count()).resolves.toBe(0);
    // Nothing was kept: the library still has no imported instrument.
    await page.getByText('None imported yet.').waitFor();

    await form.getByLabel(label('Scoring')).fill(JSON.stringify(scoring, null, 2));
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Test Calm Scale version 2.1 can now be assigned.').waitFor();
    const imported = page.getByTestId('instrument-card').filter({ hasText: 'Test Calm Scale' });
    await imported.getByText('Imported under licence').waitFor();
    await imported
      .getByText(/The clinic holds licence EX-123 for electronic use\.” — attested by Ada Admin/)
      .waitFor();
  });
});
