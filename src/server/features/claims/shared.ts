import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import { dateInZone } from '../../platform/clock';
import { forbidden } from '../../platform/errors';
import type { Permission } from '../../platform/permissions';
import { getSetting } from '../../platform/settings';
import { type ChargeLine, visitKeyOf } from '../billing';
import * as repo from './repository';

export const ESKETAMINE_CODES = ['G2082', 'G2083'];

export const RELATIONSHIP_WORDS: Record<string, string> = {
  '18': 'self',
  '01': 'spouse',
  '19': 'child',
  G8: 'other',
};

/** Final lines still standing: a reversed line and its reversal both drop out (they sum to zero). */
export function standingLines(lines: ChargeLine[]): ChargeLine[] {
  const final = lines.filter((l) => l.state === 'final');
  const reversed = new Set(final.map((l) => l.reverses_id).filter((x): x is string => !!x));
  return final.filter((l) => !l.reverses_id && !reversed.has(l.id));
}

export function groupByVisit(lines: ChargeLine[]): Map<string, ChargeLine[]> {
  const m = new Map<string, ChargeLine[]>();
  for (const l of lines) {
    const k = visitKeyOf(l);
    m.set(k, [...(m.get(k) ?? []), l]);
  }
  return m;
}

export const splitName = (name: string) => {
  const parts = name.trim().split(/\s+/);
  const last = parts.length > 1 ? (parts.pop() as string) : (parts[0] as string);
  return { firstName: parts.length > 0 ? parts.join(' ') : '', lastName: last };
};

export const todayIn = async (db: Executor, now: Date) =>
  dateInZone(await getSetting(db, 'clinic.timezone'), now);

export async function practiceOrDefault(db: Executor, now: Date): Promise<repo.PracticeRow> {
  const row = await repo.practiceRow(db);
  if (row) return { ...row, version: Number(row.version) };
  return {
    id: repo.PRACTICE_ID,
    name: await getSetting(db, 'clinic.name'),
    address_line1: null,
    address_line2: null,
    city: null,
    state: null,
    postal_code: null,
    phone: await getSetting(db, 'clinic.phone'),
    tax_id: null,
    npi: null,
    taxonomy: null,
    submitter_id: null,
    receiver_name: null,
    receiver_id: null,
    contact_name: null,
    usage: 'T',
    superbill_detail: '{}',
    version: 0,
    updated_by: null,
    updated_at: now.toISOString(),
  };
}

export function requirePermission(auth: AuthContext, p: Permission) {
  if (auth.role === 'patient' || !auth.permissions.has(p)) throw forbidden();
}

export function missingForClaims(p: repo.PracticeRow): string[] {
  const out: string[] = [];
  if (!p.npi) out.push('the practice NPI');
  if (!p.tax_id) out.push('the tax id (EIN)');
  if (!p.address_line1 || !p.city || !p.state || !p.postal_code) out.push('the practice address');
  if (!p.submitter_id) out.push('the submitter id');
  if (!p.receiver_name || !p.receiver_id) out.push('the clearinghouse (receiver) name and id');
  return out;
}

export function presentCoverage(c: repo.CoverageRow | undefined) {
  if (!c) return null;
  return {
    payerName: c.payer_name,
    payerId: c.payer_id,
    memberId: c.member_id,
    groupNumber: c.group_number,
    filingIndicator: c.filing_indicator,
    relationship: c.relationship,
    insuredFirstName: c.insured_first_name,
    insuredLastName: c.insured_last_name,
    insuredDateOfBirth: c.insured_date_of_birth,
    insuredSex: c.insured_sex,
  };
}

export const maskEmail = (e: string) => {
  const [user, domain] = e.split('@');
  return `${(user ?? '').slice(0, 1)}…@${domain ?? ''}`;
};
