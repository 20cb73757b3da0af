import type { ChargeItem, Claim } from '@medplum/fhirtypes';
import { BASE_PROFILE, coding, compact, concept, ICD10CM, meta, ORGANIZATION_ID, ref } from './common';

/**
 * Billing as FHIR R4 (issue #22): a charge line as a ChargeItem, and each visit of an exported 837P batch as a
 * Claim (professional). Codes: CPT (AMA) for five-digit codes, HCPCS Level II (CMS) for a letter and four digits;
 * diagnoses ICD-10-CM; place of service from the CMS Place of Service code set (the CMS-1500/837P code).
 */
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const HCPCS = 'urn:oid:2.16.840.1.113883.6.285';
export const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
export const CLAIM_BATCH_SYSTEM = 'urn:liminal:identifier:claim-batch';
export const CLAIM_TYPE = 'http://terminology.hl7.org/CodeSystem/claim-type';
export const PROCESS_PRIORITY = 'http://terminology.hl7.org/CodeSystem/processpriority';
export const CPT_MODIFIER = 'urn:liminal:cpt-hcpcs-modifier';

export const codeSystemOf = (code: string) => (/^\d{4}[0-9A-Z]$/.test(code) ? CPT : HCPCS);

export interface ChargeLineForFhir {
  id: string;
  patient_id: string;
  service_date: string;
  code: string;
  modifiers: string[];
  description: string;
  units: number;
  amount_cents: number;
  diagnosis_codes: string[];
  diagnosis_pointers: number[];
  rendering_clinician_id: string | null;
  state: string;
  finalised_at: string | null;
  updated_at: string;
  /** The line was reversed (a later line cancels it). */
  reversed: boolean;
  /** The line went out in an 837P batch. */
  billed: boolean;
}

const usd = (cents: number) => ({ value: cents / 100, currency: 'USD' as const });

export function presentChargeItem(l: ChargeLineForFhir): ChargeItem {
  const status =
    l.state !== 'final' ? 'planned' : l.reversed ? 'entered-in-error' : l.billed ? 'billed' : 'billable';
  const label = `${l.code}${l.modifiers.length ? `-${l.modifiers.join('-')}` : ''} ${l.description}`;
  return compact({
    resourceType: 'ChargeItem' as const,
    id: l.id,
    meta: meta(l.updated_at, [BASE_PROFILE('ChargeItem')]),
    status: status as ChargeItem['status'],
    code: concept([coding(codeSystemOf(l.code), l.code, l.description)], label),
    subject: ref('Patient', l.patient_id),
    occurrenceDateTime: l.service_date,
    performer: l.rendering_clinician_id
      ? [{ actor: ref('Practitioner', l.rendering_clinician_id) }]
      : undefined,
    performingOrganization: ref('Organization', ORGANIZATION_ID),
    quantity: { value: l.units },
    priceOverride: usd(l.amount_cents),
    overrideReason: 'The clinic’s fee schedule',
    enteredDate: l.finalised_at ?? undefined,
    reason: l.diagnosis_pointers
      .map((i) => l.diagnosis_codes[i - 1])
      .filter((c): c is string => !!c)
      .map((c) => concept([coding(ICD10CM, c)])),
  }) as ChargeItem;
}

export interface VisitClaimForFhir {
  visitId: string;
  patientId: string;
  batchId: string;
  controlNumber: number;
  createdAt: string;
  lines: ChargeLineForFhir[];
  placeOfService: string;
  coverage: { payerName: string; memberId: string } | null;
}

export function presentClaim(c: VisitClaimForFhir): Claim {
  const dx: string[] = [];
  for (const l of c.lines)
    for (const i of l.diagnosis_pointers) {
      const code = l.diagnosis_codes[i - 1];
      if (code && !dx.includes(code)) dx.push(code);
    }
  const clinicians = [
    ...new Set(c.lines.map((l) => l.rendering_clinician_id).filter((x): x is string => !!x)),
  ];
  const total = c.lines.reduce((s, l) => s + l.amount_cents, 0);
  return compact({
    resourceType: 'Claim' as const,
    id: c.visitId,
    meta: meta(c.createdAt, [BASE_PROFILE('Claim')]),
    identifier: [
      {
        system: CLAIM_BATCH_SYSTEM,
        value: `${c.controlNumber}/${c.visitId.replaceAll('-', '').slice(0, 20)}`,
      },
    ],
    status: 'active' as const,
    type: concept([coding(CLAIM_TYPE, 'professional', 'Professional')]),
    use: 'claim' as const,
    patient: ref('Patient', c.patientId),
    created: c.createdAt,
    provider: ref('Organization', ORGANIZATION_ID),
    priority: concept([coding(PROCESS_PRIORITY, 'normal')]),
    careTeam: clinicians.map((id, i) => ({ sequence: i + 1, provider: ref('Practitioner', id) })),
    diagnosis: dx.map((code, i) => ({
      sequence: i + 1,
      diagnosisCodeableConcept: concept([coding(ICD10CM, code)]),
    })),
    insurance: [
      {
        sequence: 1,
        focal: true,
        coverage: {
          display: c.coverage
            ? `${c.coverage.payerName}, member ${c.coverage.memberId}`
            : 'Insurance not on file',
        },
      },
    ],
    item: c.lines.map((l, i) => {
      const pointers = l.diagnosis_pointers
        .map((p) => dx.indexOf(l.diagnosis_codes[p - 1] ?? '') + 1)
        .filter((n) => n > 0);
      const careTeam = l.rendering_clinician_id ? clinicians.indexOf(l.rendering_clinician_id) + 1 : 0;
      return compact({
        sequence: i + 1,
        careTeamSequence: careTeam > 0 ? [careTeam] : undefined,
        diagnosisSequence: pointers,
        productOrService: concept([coding(codeSystemOf(l.code), l.code, l.description)]),
        modifier: l.modifiers.map((m) => concept([coding(CPT_MODIFIER, m)])),
        servicedDate: l.service_date,
        locationCodeableConcept: concept([coding(POS, c.placeOfService)]),
        quantity: { value: l.units },
        net: usd(l.amount_cents),
      });
    }),
    total: usd(total),
  }) as Claim;
}
