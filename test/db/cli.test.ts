import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/connection';
import { liminalCommand } from '../support/cli';
import { testEngine } from '../support/db';

const run = promisify(execFile);
const CLI = liminalCommand();

async function cli(args: string[], env: Record<string, string>) {
  try {
    const r = await run(process.execPath, [...CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      cwd: process.cwd(),
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const sqliteOnly = testEngine() === 'sqlite' ? describe : describe.skip;

describe('configuration errors', () => {
  it('an invalid variable stops the process with a message naming it', async () => {
    const r = await cli(['migrate'], {
      PORT: 'eighty',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'lim-')),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT:/);
    const pg = await cli(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(pg.code).toBe(2);
    expect(pg.stderr).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });
});

sqliteOnly('verify-audit on embedded SQLite (backup and restore: test/db/protection.test.ts)', () => {
  it('verify-audit exits 1 and names the broken entry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lim-verify-'));
    expect((await cli(['seed', '--demo'], { DATA_DIR: dir })).code).toBe(0);
    const h = connect({ engine: 'sqlite', sqliteFile: path.join(dir, 'liminal.db') });
    h.sqlite?.exec("drop trigger audit_log_no_update; update audit_log set action = 'x' where seq = 3;");
    await h.close();
    const r = await cli(['verify-audit'], { DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at entry seq 3/);
  });
});

describe('backup on PostgreSQL', () => {
  it('explains pg_dump instead of copying', async () => {
    const r = await cli(['backup', '/tmp/x.dump'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      LIMINAL_SECRET_KEY: 'k'.repeat(40),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pg_dump --format=custom/);
  });
});

describe('clinical commands', () => {
  it('exposure prints a labelled CSV curve and its peak; bad input names the option', async () => {
    const r = await cli(
      [
        'exposure',
        '--route',
        'iv',
        '--dose-mg',
        '35',
        '--weight-kg',
        '70',
        '--infusion-min',
        '40',
        '--model',
        'clements',
      ],
      {},
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# ESTIMATE/);
    expect(r.stdout).toMatch(/\nminute,mg_per_L\n0,0\.00000\n/);
    expect(r.stdout).toMatch(/# peak at 40 min/); // an infusion peaks at its end
    const bad = await cli(['exposure', '--route', 'iv', '--dose-mg', '35', '--weight-kg', '5'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--weight-kg/);
  });

  it('screen evaluates a JSON record with the same rules as the app', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lim-screen-'));
    const file = path.join(dir, 'r.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        evaluationDate: '2026-11-25',
        dateOfBirth: '2009-11-26',
        history: {},
        program: { setting: 'at_home', route: 'sublingual' },
        medications: [{ name: 'Klonopin 1 mg' }],
      }),
    );
    const r = await cli(['screen', file], {});
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // A 16-year-old in an at-home program: not eligible at home (adults only), whatever a prescriber would say.
    expect(out.outcome).toBe('not_eligible');
    const ids = out.reasons.map((x: { ruleId: string }) => x.ruleId);
    expect(ids).toContain('takes_benzodiazepine_z_drug');
    expect(ids).toContain('age_under_18_at_home');
    // In clinic the same record is the prescriber's decision.
    fs.writeFileSync(
      file,
      JSON.stringify({
        evaluationDate: '2026-11-25',
        dateOfBirth: '2009-11-26',
        history: {},
        program: { setting: 'in_clinic', route: 'im' },
        medications: [{ name: 'Klonopin 1 mg' }],
      }),
    );
    const inClinic = JSON.parse((await cli(['screen', file], {})).stdout);
    expect(inClinic.outcome).toBe('needs_review');
    expect(inClinic.reasons.find((x: { ruleId: string }) => /age|minor/.test(x.ruleId))).toBeTruthy();
    fs.writeFileSync(file, JSON.stringify({ evaluationDate: 'yesterday', history: {} }));
    const bad = await cli(['screen', file], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/evaluationDate/);
  });
});
