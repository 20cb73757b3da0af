import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenSafetyTask } from '../../src/server/features/measures/repository';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

let t: TestApp;
let admin: Agent;
let nurse: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  [admin, nurse] = await Promise.all([t.loginAs('admin'), t.loginAs('nurse')]);
});
afterAll(async () => {
  await t.close();
});

// A made-up three-item instrument (not a published scale) standing in for a licensed one.
const ordinal = (value: number) => [
  { url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: value },
];
const options = ['Never', 'Sometimes', 'Often'].map((display, value) => ({
  valueCoding: { system: 'urn:test:often', code: display.toLowerCase(), display, extension: ordinal(value) },
}));

function goodFile(version = '2.1') {
  return {
    questionnaire: {
      resourceType: 'Questionnaire',
      id: 'test-calm',
      url: 'https://clinic.example/fhir/Questionnaire/test-calm',
      version,
      title: 'Test Calm Scale',
      status: 'active',
      copyright: 'Test Calm Scale © Example Press; licensed to the clinic.',
      item: [
        { linkId: 'intro', type: 'display', text: 'In the past week:' },
        { linkId: 'c1', type: 'choice', text: 'I felt tense', required: true, answerOption: options },
        { linkId: 'c2', type: 'choice', text: 'I worried', required: true, answerOption: options },
        {
          linkId: 'c3',
          type: 'choice',
          text: 'I thought of harming myself',
          required: true,
          answerOption: options,
        },
      ],
    },
    scoring: {
      version: '1',
      kind: 'sum',
      items: ['c1', 'c2', 'c3'],
      bands: [
        { min: 0, max: 1, label: 'Low', severity: 0 },
        { min: 2, max: 3, label: 'Medium', severity: 1 },
        { min: 4, max: 6, label: 'High', severity: 2 },
      ],
      bandSource: 'Example Press manual, 2nd edition',
      response: { kind: 'percentDrop', threshold: 40, source: 'Example Press manual' },
      flags: [
        {
          code: 'self_harm',
          level: 'urgent',
          message: 'Thoughts of self-harm: assess risk',
          source: 'Example Press manual',
          when: { anyOf: ['c3'], atLeast: 1 },
        },
      ],
    },
    licenceAttestation: {
      attestedBy: 'Dr A. Admin, medical director',
      text: 'The clinic holds licence EX-123 for electronic use.',
    },
  };
}
type File = ReturnType<typeof goodFile>;
const bad = (change: (f: File) => void) => {
  const f = goodFile();
  change(f);
  return f;
};

const imported = async () => (await t.ctx.db.selectFrom('measure_instruments').selectAll().execute()).length;
const importAudits = async () =>
  (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'instrument.import').execute())
    .length;

describe('importing a licensed instrument', () => {
  it.each([
    [
      'no licence attestation',
      (f: File) => delete (f as Partial<File>).licenceAttestation,
      ['licenceAttestation'],
    ],
    [
      'an attestation without a statement',
      (f: File) => (f.licenceAttestation.text = ' '),
      ['licenceAttestation.text'],
    ],
    [
      'not a Questionnaire',
      (f: File) => (f.questionnaire.resourceType = 'Patient'),
      ['questionnaire.resourceType'],
    ],
    [
      'an answer option without a numeric value',
      (f: File) =>
        (f.questionnaire.item[2] = {
          linkId: 'c2',
          type: 'choice',
          text: 'I worried',
          answerOption: [{ valueCoding: { system: 'urn:x', code: 'a', display: 'A' } }],
        } as never),
      ['questionnaire.item[2].answerOption[0]'],
    ],
    [
      'a free-text item',
      (f: File) => (f.questionnaire.item[1] = { linkId: 'c1', type: 'string', text: 'Describe' } as never),
      ['questionnaire.item[1].type'],
    ],
    ['the id of a shipped instrument', (f: File) => (f.questionnaire.id = 'phq9'), ['questionnaire.id']],
    [
      'a gap between severity bands',
      (f: File) => (f.scoring.bands[1] = { min: 3, max: 3, label: 'Medium', severity: 1 }),
      ['scoring.bands[1].min'],
    ],
    [
      'bands that stop short of the highest total',
      (f: File) => (f.scoring.bands[2] = { min: 4, max: 5, label: 'High', severity: 2 }),
      ['scoring.bands[2].max'],
    ],
    [
      'a scored item the questionnaire lacks',
      (f: File) => (f.scoring.items = ['c1', 'c2', 'c9']),
      ['scoring.items[2]'],
    ],
    [
      'a flag that can never fire',
      (f: File) =>
        (f.scoring.flags = [
          { ...goodFile().scoring.flags[0], when: { anyOf: ['c3'], atLeast: 5 } },
        ] as File['scoring']['flags']),
      ['scoring.flags[0].when.atLeast'],
    ],
    ['a band without its source', (f: File) => (f.scoring.bandSource = ''), ['scoring.bandSource']],
  ])('refuses %s with 422 naming the path, and keeps nothing', async (_name, change, paths) => {
    const res = await admin.post('/api/admin/instruments/import', bad(change as (f: File) => void));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(paths);
    expect(res.json().errors.every((e: { message: string }) => e.message.length > 5)).toBe(true);
    expect(await imported()).toBe(0);
    expect(await importAudits()).toBe(0);
  });

  it('refuses a body that is not an import at all', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/admin/instruments/import',
      payload: '[1,2]',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(422);
    const empty = await admin.post('/api/admin/instruments/import', {});
    expect(empty.statusCode).toBe(422);
    expect(
      empty
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['licenceAttestation', 'questionnaire', 'scoring']);
    expect(await imported()).toBe(0);
  });

  it('only an admin (settings.manage) may import', async () => {
    expect((await nurse.post('/api/admin/instruments/import', goodFile())).statusCode).toBe(403);
    expect(await imported()).toBe(0);
  });

  it('imports a good file with its attestation; the library lists it; a version is never replaced', async () => {
    const res = await admin.post('/api/admin/instruments/import', goodFile());
    expect(res.statusCode).toBe(201);
    expect(res.json().instrument).toMatchObject({
      id: 'test-calm',
      version: '2.1',
      origin: 'imported',
      scoringVersion: 'test-calm@2.1/scoring-1',
      attestation: {
        attestedName: 'Dr A. Admin, medical director',
        licenceText: 'The clinic holds licence EX-123 for electronic use.',
        attestedBy: admin.userId,
        attestedAt: t.clock.now().toISOString(),
      },
      safetyFlags: [{ code: 'self_harm', level: 'urgent' }],
    });
    // The clinic's questionnaire is kept verbatim.
    expect(res.json().instrument.questionnaire).toEqual(goodFile().questionnaire);
    const list = (await nurse.get('/api/instruments')).json().instruments;
    expect(list.find((i: { id: string }) => i.id === 'test-calm')).toMatchObject({
      version: '2.1',
      items: [{ linkId: 'c1' }, { linkId: 'c2' }, { linkId: 'c3' }],
    });
    const again = await admin.post('/api/admin/instruments/import', goodFile());
    expect(again.statusCode).toBe(409);
    expect(await imported()).toBe(1);
    expect((await admin.post('/api/admin/instruments/import', goodFile('2.2'))).statusCode).toBe(201);
    expect(
      (await nurse.get('/api/instruments'))
        .json()
        .instruments.filter((i: { id: string }) => i.id === 'test-calm')
        .map((i: { version: string }) => i.version),
    ).toEqual(['2.2']);
    expect(await importAudits()).toBe(2);
  });

  it("an imported instrument's declared risk flag opens an urgent safety task; scores carry its scoring version", async () => {
    const desk = await t.loginAs('front_desk');
    const patient = (
      await desk.post('/api/patients', {
        firstName: 'Imra',
        lastName: `Port${randomUUID().slice(0, 4)}`,
        dateOfBirth: '1979-03-04',
        state: 'CA',
      })
    ).json();
    const assign = await nurse.post(`/api/patients/${patient.id}/measures/assign`, {
      instrumentIds: ['test-calm'],
      schedule: { kind: 'once' },
    });
    expect(assign.statusCode).toBe(201);
    const a = assign.json().assignments[0];
    expect(a.instrument).toMatchObject({ id: 'test-calm', origin: 'imported' });
    const bad = await nurse.post(`/api/patients/${patient.id}/measures/${a.id}/responses`, {
      answers: { c1: 1, c2: 1, c3: 3 },
    });
    expect(bad.json().errors).toEqual([
      { field: 'answers.c3', message: '3 is not an allowed answer (allowed: 0, 1, 2)' },
    ]);
    const res = await nurse.post(`/api/patients/${patient.id}/measures/${a.id}/responses`, {
      answers: { c1: 1, c2: 1, c3: 1 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      score: { total: 3, band: { label: 'Medium' }, scoringVersion: 'test-calm@2.2/scoring-1' },
      safetyTasks: [{ flagCode: 'self_harm', level: 'urgent' }],
    });
    expect(await hasOpenSafetyTask(t.ctx.db, patient.id)).toBe(true);
    const chart = (await nurse.get(`/api/patients/${patient.id}/measures`)).json();
    expect(chart.responses[0]).toMatchObject({ instrumentId: 'test-calm', instrumentVersion: '2.2' });
    expect(chart.safetyTasks[0]).toMatchObject({ instrumentName: 'Test Calm Scale', status: 'open' });
  });
});
