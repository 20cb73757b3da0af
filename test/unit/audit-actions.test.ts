import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTION_LABELS,
  auditActionLabel,
} from '../../src/contracts/audit-actions';
import { statusBody } from '../../src/contracts/scheduling';
import { PERMISSIONS } from '../../src/server/platform/permissions';

/**
 * Every action the server writes to the audit log has words for the audit log (issue 14, part 3).
 *
 * The first guard is the type: `appendAudit` takes an `AuditAction`, so the type check fails on an action
 * without a label. This test is the second, for what a cast or a widened `string` could slip past: it reads the
 * server's code for every action name it passes to the audit log — `action: '…'` properties, and the names
 * handed to the helpers that write an entry (withPatient, withAppointment, run, write, audited, auditRead …) —
 * and looks each up in the catalogue.
 */
const SERVER = path.resolve(__dirname, '../../src/server');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Calls that write (or pass on) an audit entry's action. */
const WRITERS =
  /\b(appendAudit|withPatient|withAppointment|audited|auditRead|denied|entry|run|write|audit)\s*[(<]/;
const NAME = /['"]([a-z][a-z_]*\.[a-z][a-z_]*)['"]/g;
const permissions = new Set(Object.keys(PERMISSIONS));

interface Found {
  action: string;
  where: string;
}

function writtenActions(): Found[] {
  const found: Found[] = [];
  for (const file of sources(SERVER)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const where = `${path.relative(SERVER, file)}:${i + 1}`;
      // Every action has the shape area.verb (other `action:` keys in the code, e.g. a header policy, do not).
      for (const m of line.matchAll(/\baction:\s*(?:[^,}]*\?\s*)?\(?['"]([a-z][a-z_]*\.[a-z][a-z_]*)['"]/g)) {
        found.push({ action: m[1] as string, where });
      }
      // A conditional action: both branches.
      for (const m of line.matchAll(
        /\baction:[^,}]*\?\s*\(?['"]([a-z_.]+)['"][^:]*:\s*\(?['"]([a-z_.]+)['"]/g,
      )) {
        found.push({ action: m[1] as string, where }, { action: m[2] as string, where });
      }
      if (WRITERS.test(line)) {
        for (const m of line.matchAll(NAME)) {
          const name = m[1] as string;
          // Permissions travel on the same lines; settings keys and table columns are not actions either.
          if (permissions.has(name) || /^(clinic|rules)\.[a-z]+[A-Z]/.test(name)) continue;
          found.push({ action: name, where });
        }
      }
    });
  }
  return found;
}

describe('audit action labels', () => {
  const found = writtenActions();

  it('finds the actions the server writes (the scan itself works)', () => {
    const distinct = new Set(found.map((f) => f.action));
    expect(distinct.size).toBeGreaterThan(120);
    for (const known of [
      'auth.login',
      'rules.publish',
      'note.create',
      'notes.todo',
      'ledger.report',
      'fhir.export',
    ]) {
      expect(distinct, known).toContain(known);
    }
  });

  it('has a label for every action written in the server’s code', () => {
    const missing = found
      .filter((f) => !(f.action in AUDIT_ACTION_LABELS))
      .map((f) => `${f.action} (${f.where})`);
    expect(missing).toEqual([]);
  });

  it('has a label for the actions built from a value (a visit’s new status, an emailed link’s choice)', () => {
    for (const status of statusBody.shape.status.options) {
      expect(AUDIT_ACTION_LABELS, `appointment.${status}`).toHaveProperty([`appointment.${status}`]);
    }
    for (const choice of ['confirm', 'cancel']) {
      expect(AUDIT_ACTION_LABELS, `visit_link.${choice}`).toHaveProperty([`visit_link.${choice}`]);
    }
  });

  it('words every label as a sentence, never as the code itself', () => {
    for (const [action, label] of Object.entries(AUDIT_ACTION_LABELS)) {
      expect(label, action).toMatch(/^[A-Z]/);
      expect(label, action).not.toContain(action);
      expect(label, action).not.toMatch(/_/);
      expect(auditActionLabel(action)).toBe(label);
    }
  });

  it('words a refused request and an action from an older release readably', () => {
    expect(auditActionLabel('http.get /api/patients/:patientId')).toBe(
      'Refused: open /api/patients/:patientId',
    );
    expect(auditActionLabel('measures.old_thing')).toBe('Measures: old thing');
  });

  it('puts every action in one of the filter’s groups', () => {
    for (const action of Object.keys(AUDIT_ACTION_LABELS)) {
      const groups = AUDIT_ACTION_GROUPS.filter(([, prefixes]) => prefixes.some((p) => action.startsWith(p)));
      expect(groups.length, action).toBe(1);
    }
  });
});
