import type { Db } from '../db/dialect';
import { finalChargesBetween } from '../features/billing';
import { ESKETAMINE_CODES } from '../features/claims';
import * as repo from '../features/claims/repository';

/**
 * The demo clinic's billing identity (issue #22), all fictional: NPIs starting with 9 (NPPES issues numbers
 * starting with 1 or 2, so these can be no one's) with valid check digits, the placeholder EIN 12-3456789, a
 * made-up clearinghouse; the prescribers' NPIs; Robin's insurance, and insurance and a fictional address for each
 * patient with esketamine charges, so that superbills and the 837P have every field.
 */
export async function seedDemoClaims(db: Db, now: Date, robin: string): Promise<void> {
  const at = now.toISOString();
  await repo.savePractice(
    db,
    {
      id: repo.PRACTICE_ID,
      name: 'Liminal Demo Clinic',
      address_line1: '100 Example Street',
      address_line2: 'Suite 200',
      city: 'Portland',
      state: 'OR',
      postal_code: '97201',
      phone: '(555) 010-0100',
      tax_id: '123456789',
      npi: '9990000017',
      taxonomy: '261QM0801X',
      submitter_id: 'LIMDEMO',
      receiver_name: 'Example Clearinghouse',
      receiver_id: 'EXCH01',
      contact_name: 'Billing office',
      usage: 'T',
      superbill_detail: '{}',
      version: 1,
      updated_by: null,
      updated_at: at,
    },
    null,
  );
  const prescribers = await repo.billingClinicians(db);
  let n = 2;
  for (const c of prescribers.filter((u) => u.role === 'prescriber')) {
    const npi = n === 2 ? '9990000025' : '9990000033';
    n++;
    await repo.saveClinician(db, {
      user_id: c.id,
      npi,
      taxonomy: '2084P0800X',
      credentials: 'MD',
      updated_by: null,
      updated_at: at,
    });
  }
  const esketamine = new Set(
    (await finalChargesBetween(db, '0000-01-01', '9999-12-31'))
      .filter((l) => ESKETAMINE_CODES.includes(l.code))
      .map((l) => l.patient_id),
  );
  for (const [i, patientId] of [robin, ...[...esketamine].filter((p) => p !== robin)].entries()) {
    await repo.setDemoAddress(db, patientId, `${10 + i} Example Avenue`, 'Portland', '97202');
    await saveDemoCoverage(db, patientId, `DEMO12345${i}`, at);
  }
}

async function saveDemoCoverage(db: Db, patientId: string, memberId: string, at: string) {
  await repo.saveCoverage(db, {
    patient_id: patientId,
    payer_name: 'Example Health Plan',
    payer_id: '00000',
    member_id: memberId,
    group_number: 'GRP-100',
    filing_indicator: 'CI',
    relationship: '18',
    insured_first_name: null,
    insured_last_name: null,
    insured_date_of_birth: null,
    insured_sex: null,
    version: 1,
    updated_by: null,
    updated_at: at,
  });
}
