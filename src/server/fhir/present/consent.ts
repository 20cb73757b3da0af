import type { Consent, Provenance, ProvenanceAgent } from '@medplum/fhirtypes';
import type { ConsentSignaturesTable } from '../../db/schema';
import { ACT_CODE, coding, compact, LOINC, meta, ORGANIZATION_ID, ref } from './common';

export type SignatureRow = ConsentSignaturesTable & { title: string; document_version: number };

/** A signed informed-consent document: active until revoked. */
export function presentConsent(s: SignatureRow): Consent {
  return compact<Consent>({
    resourceType: 'Consent',
    id: s.id,
    meta: meta(s.revoked_at ?? s.signed_at),
    status: s.revoked_at ? 'inactive' : 'active',
    scope: {
      coding: [coding('http://terminology.hl7.org/CodeSystem/consentscope', 'treatment', 'Treatment')],
    },
    category: [{ coding: [coding(LOINC, '59284-0', 'Patient Consent')], text: s.title }],
    patient: ref('Patient', s.patient_id),
    dateTime: s.signed_at,
    performer: [ref('Patient', s.patient_id, s.signed_name)],
    organization: [ref('Organization', ORGANIZATION_ID)],
    sourceAttachment: {
      contentType: 'text/plain',
      title: `${s.title} (version ${Number(s.document_version)})`,
    },
    policyRule: { coding: [coding(ACT_CODE, 'OPTIN', 'opt-in')] },
    verification: s.witness_id
      ? [{ verified: true, verifiedWith: ref('Practitioner', s.witness_id), verificationDate: s.signed_at }]
      : undefined,
    provision: { type: 'permit', period: compact({ start: s.signed_at, end: s.revoked_at ?? undefined }) },
  });
}

/** ASTM E1762 signature types (the value set FHIR Signature.type uses). */
const SIGNATURE = 'urn:iso-astm:E1762-95:2013';
const AUTHOR_SIGNATURE = coding(SIGNATURE, '1.2.840.10065.1.12.1.1', "Author's Signature");
const CONSENT_SIGNATURE = coding(SIGNATURE, '1.2.840.10065.1.12.1.7', 'Consent Signature');
const WITNESS_SIGNATURE = coding(SIGNATURE, '1.2.840.10065.1.12.1.8', 'Witness Signature');
const AGENT_TYPE = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

/** Provenance ids name what was signed: consent.<id>, note.<id>, session.<id>, athome.<id> (an at-home session). */
export type SignedKind = 'consent' | 'note' | 'session' | 'athome';
export const provenanceId = (kind: SignedKind, id: string) => `${kind}.${id}`;
export function parseProvenanceId(id: string): { kind: SignedKind; id: string } | null {
  const m = /^(consent|note|session|athome)\.([0-9a-f-]{36})$/.exec(id);
  return m ? { kind: m[1] as SignedKind, id: m[2] as string } : null;
}

const agent = (code: string, display: string, who: ReturnType<typeof ref>): ProvenanceAgent => ({
  type: { coding: [coding(AGENT_TYPE, code, display)] },
  who,
});

/** Who signed the consent (the patient) and who witnessed it. */
export function presentConsentProvenance(s: SignatureRow): Provenance {
  return compact<Provenance>({
    resourceType: 'Provenance',
    id: provenanceId('consent', s.id),
    meta: meta(s.signed_at),
    target: [ref('Consent', s.id)],
    recorded: s.signed_at,
    activity: {
      coding: [coding('http://terminology.hl7.org/CodeSystem/v3-DataOperation', 'CREATE', 'create')],
    },
    agent: [
      agent('author', 'Author', ref('Patient', s.patient_id, s.signed_name)),
      ...(s.witness_id ? [agent('verifier', 'Verifier', ref('Practitioner', s.witness_id))] : []),
      ...(s.recorded_by ? [agent('enterer', 'Enterer', ref('Practitioner', s.recorded_by))] : []),
    ],
    signature: [
      { type: [CONSENT_SIGNATURE], when: s.signed_at, who: ref('Patient', s.patient_id, s.signed_name) },
      ...(s.witness_id
        ? [{ type: [WITNESS_SIGNATURE], when: s.signed_at, who: ref('Practitioner', s.witness_id) }]
        : []),
    ],
  });
}

/**
 * A signed therapy note, dosing-session or at-home session record: the signer's authorship of the Encounter it
 * documents.
 * (R4 Provenance has no patient element; the export and $everything place it by the record's patient.)
 */
export function presentSignedRecordProvenance(
  kind: 'note' | 'session' | 'athome',
  recordId: string,
  signedBy: string,
  signedAt: string,
): Provenance {
  return {
    resourceType: 'Provenance',
    id: provenanceId(kind, recordId),
    meta: meta(signedAt),
    target: [ref('Encounter', recordId)],
    recorded: signedAt,
    activity: {
      coding: [coding('http://terminology.hl7.org/CodeSystem/v3-DataOperation', 'CREATE', 'create')],
    },
    agent: [agent('author', 'Author', ref('Practitioner', signedBy))],
    signature: [{ type: [AUTHOR_SIGNATURE], when: signedAt, who: ref('Practitioner', signedBy) }],
  };
}
