import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as repo from '../../src/server/features/measures/repository';
import { hasOpenSafetyTask } from '../../src/server/features/measures/repository';
import { liminalCommand } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { patientRow } from '../support/rows';

let tdb: TestDatabase;
const now = '2026-11-25T15:00:00.000Z';
const ids = { user: randomUUID(), patient: randomUUID(), other: randomUUID(), assignment: randomUUID() };

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.handle.db;
  await db
    .insertInto('users')
    .values({
      id: ids.user,
      email: 'n@example.test',
      name: 'Nurse',
      role: 'nurse',
      status: 'active',
      password_hash: null,
      mfa_enabled: 0,
      mfa_secret_enc: null,
      mfa_pending_secret_enc: null,
      mfa_last_step: null,
      patient_id: null,
      can_break_glass: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const id of [ids.patient, ids.other]) {
    await db
      .insertInto('patients')
      .values(patientRow(now, { id, chart_number: `LIM-${id.slice(0, 6)}` }))
      .execute();
  }
  await repo.insertAssignments(db, [
    {
      id: ids.assignment,
      patient_id: ids.patient,
      instrument_id: 'phq9',
      schedule_kind: 'once',
      schedule_id: randomUUID(),
      session_date: null,
      due_on: '2026-11-25',
      overdue_on: '2026-11-28',
      status: 'due',
      assigned_by: ids.user,
      assigned_at: now,
      completed_at: null,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      updated_at: now,
    },
  ]);
});
afterAll(async () => {
  await tdb.close();
});

const response = (over: Partial<repo.ResponseRow> = {}): repo.ResponseRow => ({
  id: randomUUID(),
  assignment_id: ids.assignment,
  patient_id: ids.patient,
  instrument_id: 'phq9',
  instrument_version: '1.0.0',
  answers: '{}',
  status: 'in_progress',
  mode: 'portal',
  entered_by: null,
  started_at: now,
  updated_at: now,
  completed_at: null,
  amended_from: null,
  amend_reason: null,
  ...over,
});

describe('measures repository', () => {
  it('keeps one draft per assignment and one amendment per response (unique indexes, both engines)', async () => {
    const db = tdb.handle.db;
    const draft = response();
    await repo.insertResponse(db, draft);
    await expect(repo.insertResponse(db, response())).rejects.toThrow();
    await repo.insertResponse(db, response({ status: 'completed', completed_at: now })); // completed rows are not limited
    const done = response({ status: 'completed', completed_at: now });
    await repo.insertResponse(db, done);
    await repo.insertResponse(
      db,
      response({ status: 'completed', completed_at: now, amended_from: done.id }),
    );
    await expect(
      repo.insertResponse(db, response({ status: 'completed', completed_at: now, amended_from: done.id })),
    ).rejects.toThrow();
    expect((await repo.getDraft(db, ids.assignment))?.id).toBe(draft.id);
  });

  it('hasOpenSafetyTask is true while any task of the patient is open, and per patient', async () => {
    const db = tdb.handle.db;
    expect(await hasOpenSafetyTask(db, ids.patient)).toBe(false);
    const r = response({ status: 'completed', completed_at: now });
    await repo.insertResponse(db, r);
    const task = {
      id: randomUUID(),
      patient_id: ids.patient,
      response_id: r.id,
      instrument_id: 'phq9',
      flag_code: 'suicide_risk',
      level: 'urgent',
      message: 'm',
      source: 's',
      created_at: now,
      status: 'open',
      resolved_by: null,
      resolved_at: null,
      follow_up: null,
    };
    expect(await repo.insertSafetyTasks(db, [task])).toHaveLength(1);
    // The same (response, flag) is raised once.
    expect(await repo.insertSafetyTasks(db, [{ ...task, id: randomUUID() }])).toHaveLength(0);
    expect(await hasOpenSafetyTask(db, ids.patient)).toBe(true);
    expect(await hasOpenSafetyTask(db, ids.other)).toBe(false);
    expect(
      await repo.resolveSafetyTask(db, task.id, ids.user, now, 'Seen in clinic; no current intent.'),
    ).toBe(true);
    expect(await repo.resolveSafetyTask(db, task.id, ids.user, now, 'again')).toBe(false);
    expect(await hasOpenSafetyTask(db, ids.patient)).toBe(false);
  });
});

describe('liminal score', () => {
  const run = promisify(execFile);
  async function cli(args: string[]) {
    try {
      const r = await run(process.execPath, [...liminalCommand(), 'score', ...args], {
        env: { ...process.env, LOG_LEVEL: 'silent' },
        cwd: process.cwd(),
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('prints score, band and flags as JSON (answers in item order)', async () => {
    const [ok, asq, partial] = await Promise.all([
      cli(['phq9', '1', '2', '3', '0', '1', '2', '1', '0', '1']),
      cli(['asq', 'no', 'no', 'yes', 'no', 'yes']),
      cli(['gad7', '1', '1', '_']),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      instrument: 'phq9',
      total: 11,
      band: { label: 'Moderate depression', severity: 2 },
      scoringVersion: 'phq9@1.0.0/scoring-1',
      flags: [{ code: 'suicide_risk', level: 'urgent' }],
      complete: true,
    });
    expect(JSON.parse(asq.stdout).flags.map((f: { code: string }) => f.code)).toEqual([
      'positive',
      'acute_positive',
    ]);
    expect(JSON.parse(partial.stdout)).toMatchObject({
      total: null,
      complete: false,
      missing: ['gad7-3', 'gad7-4', 'gad7-5', 'gad7-6', 'gad7-7'],
    });
  }, 60_000);

  it('bad answers and unknown instruments exit 2 with a message naming the problem', async () => {
    const [range, word, many, unknown] = await Promise.all([
      cli(['phq9', '1', '2', '5']),
      cli(['gad7', 'often']),
      cli(['asq', 'no', 'no', 'no', 'no', 'no', 'no']),
      cli(['cssrs', '1']),
    ]);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/answer 3 \(phq9-3\): 5 is not an allowed answer \(allowed: 0, 1, 2, 3\)/);
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/answer 1 \(gad7-1\): "often" is not an answer value/);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/has 5 items, but 6 answers/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown instrument "cssrs".*--import-file/);
  }, 60_000);

  it('scores against a licensed instrument import file', async () => {
    const opts = [0, 1, 2].map((valueInteger) => ({ valueInteger }));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lim-score-')), 'import.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        questionnaire: {
          resourceType: 'Questionnaire',
          id: 'demo-scale',
          version: '1',
          title: 'Demo',
          item: ['a', 'b'].map((linkId) => ({ linkId, type: 'choice', text: linkId, answerOption: opts })),
        },
        scoring: {
          version: '1',
          kind: 'sum',
          items: ['a', 'b'],
          bands: [
            { min: 0, max: 1, label: 'Low', severity: 0 },
            { min: 2, max: 4, label: 'High', severity: 1 },
          ],
          bandSource: 'Manual',
        },
        licenceAttestation: { attestedBy: 'Admin', text: 'Licence held' },
      }),
    );
    const r = await cli(['demo-scale', '2', '1', '--import-file', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      instrument: 'demo-scale',
      total: 3,
      band: { label: 'High' },
      scoringVersion: 'demo-scale@1/scoring-1',
    });
  }, 60_000);
});
