import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtectionService } from '../../src/server/features/protection';
import { serviceOf } from '../../src/server/platform/services';
import { buildTestApp, type TestApp } from '../support/app';
import { testEngine } from '../support/db';
import { startSmtpCapture } from '../support/smtp';

/** The admin's data-protection page over HTTP (issue #20): status, "Back up now", the receipt mail. */
const BACKUP_KEY = 'bkp-Delta-5e4d3c2b1a09f8e7d6c5b4a39281706f';
const METRICS = 'metrics-token-for-data-protection';
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let t: TestApp;
let dir: string;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lim-dp-'));
  t = await buildTestApp({
    SMTP_URL: smtp.url,
    DATA_DIR: dir,
    BACKUP_DIR: path.join(dir, 'backups'),
    BACKUP_EVERY_HOURS: '24',
    BACKUP_KEEP: '2',
    LIMINAL_BACKUP_KEY: BACKUP_KEY,
    METRICS_TOKEN: METRICS,
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('data protection status and backups', () => {
  it('tells the admin whether the database is encrypted, and refuses everyone else', async () => {
    const admin = await t.loginAs('admin');
    const res = await admin.get('/api/admin/data-protection');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.encryption).toBe(testEngine() === 'postgres' ? 'postgres' : 'off');
    expect(s.demo).toBe(false);
    expect(s.backups.encryptedWith).toBe('LIMINAL_BACKUP_KEY');
    expect(s.backups.scheduled).toBe(testEngine() === 'sqlite');
    for (const role of ['nurse', 'prescriber', 'front_desk'] as const) {
      const other = await t.loginAs(role);
      expect((await other.get('/api/admin/data-protection')).statusCode).toBe(403);
      expect((await other.post('/api/admin/data-protection/backups')).statusCode).toBe(403);
    }
  });

  it('"Back up now" writes an encrypted backup, lists it, keeps the newest BACKUP_KEEP, and is audited', async () => {
    const admin = await t.loginAs('admin');
    if (testEngine() === 'postgres') {
      const r = await admin.post('/api/admin/data-protection/backups');
      expect(r.statusCode).toBe(409);
      expect(r.json().detail).toMatch(/PostgreSQL/);
      return;
    }
    for (let i = 0; i < 3; i++) {
      const r = await admin.post('/api/admin/data-protection/backups');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ ok: true, trigger: 'admin', error: null });
      t.clock.advance(60_000);
    }
    const files = fs.readdirSync(path.join(dir, 'backups'));
    expect(files).toHaveLength(2);
    const head = fs
      .readFileSync(path.join(dir, 'backups', files[0] as string))
      .subarray(0, 16)
      .toString('latin1');
    expect(head).toBe('LIMINAL-BACKUP/1');
    const s = (await admin.get('/api/admin/data-protection')).json();
    expect(s.backups.recent).toHaveLength(2);
    expect(s.backups.recent[0].encryptedWith).toBe('LIMINAL_BACKUP_KEY');
    expect(s.backups.lastRun.ok).toBe(true);
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'backup.create')
      .execute();
    expect(audited).toHaveLength(3);
  });

  it('a chain receipt is saved outside the database and mailed to every admin, with no patient data', async () => {
    const admin = await t.loginAs('admin');
    const svc = serviceOf(t.ctx, ProtectionService);
    const file = await svc.issueReceipt();
    expect(file.startsWith(path.join(dir, 'receipts'))).toBe(true);
    const receipt = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(receipt.audit.count).toBeGreaterThan(0);
    await t.ctx.mailer.flush();
    const mails = smtp.messages.filter((m) => /chain receipt/.test(m.subject));
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.some((m) => m.to.includes(admin.email))).toBe(true);
    expect(mails[0]?.text).toContain(receipt.audit.hash);
    const s = (await admin.get('/api/admin/data-protection')).json();
    expect(s.receipts.last.auditEntries).toBe(receipt.audit.count);
    expect(svc.receiptDue()).toBe(false);
    t.clock.advance(24 * 3_600_000);
    expect(svc.receiptDue()).toBe(true);
  });
});

describe('with LIMINAL_DB_KEY', () => {
  it('reports encryption on', async () => {
    if (testEngine() !== 'sqlite') return;
    const enc = await buildTestApp({ LIMINAL_DB_KEY: 'db-Echo-1f2e3d4c5b6a79880716253443526170' });
    try {
      const admin = await enc.loginAs('admin');
      expect((await admin.get('/api/admin/data-protection')).json().encryption).toBe('on');
    } finally {
      await enc.close();
    }
  });
});
