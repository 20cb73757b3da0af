import type {
  AllergyIntolerance,
  Condition,
  ContactPoint,
  MedicationStatement,
  Patient,
} from '@medplum/fhirtypes';
import type {
  PatientAllergiesTable,
  PatientDiagnosesTable,
  PatientMedicationsTable,
  PatientsTable,
} from '../../db/schema';
import {
  coding,
  compact,
  concept,
  ICD10CM,
  meta,
  ORGANIZATION_ID,
  ref,
  SYS,
  US_CORE,
  V2_0203,
} from './common';

/** Administrative gender from the recorded sex at birth (the only sex/gender field that is coded). */
const GENDER: Record<string, Patient['gender']> = {
  female: 'female',
  male: 'male',
  intersex: 'other',
  unknown: 'unknown',
};
const BIRTH_SEX: Record<string, string> = { female: 'F', male: 'M', unknown: 'UNK' };

/** US Core Patient: identifier (chart number), name, gender, birth date, contact details. */
export function presentPatient(
  p: PatientsTable,
  careTeam: { user_id: string; role: string }[] = [],
): Patient {
  const telecom: ContactPoint[] = [];
  if (p.phone) telecom.push({ system: 'phone', value: p.phone, use: 'home' });
  if (p.email) telecom.push({ system: 'email', value: p.email });
  const birthSex = p.sex_at_birth ? BIRTH_SEX[p.sex_at_birth] : undefined;
  const extension = [
    ...(birthSex ? [{ url: US_CORE('us-core-birthsex'), valueCode: birthSex }] : []),
    ...(p.gender_identity
      ? [{ url: US_CORE('us-core-genderIdentity'), valueCodeableConcept: { text: p.gender_identity } }]
      : []),
  ];
  const address = compact({
    use: 'home' as const,
    line: [p.address_line1, p.address_line2].filter((x): x is string => Boolean(x)),
    city: p.city,
    state: p.state,
    postalCode: p.postal_code,
    country: 'US',
  });
  const emergency = p.emergency_contact_name || p.emergency_contact_phone;
  return compact<Patient>({
    resourceType: 'Patient',
    id: p.id,
    meta: meta(p.updated_at, [US_CORE('us-core-patient')]),
    extension,
    identifier: [
      {
        use: 'usual',
        type: { coding: [coding(V2_0203, 'MR', 'Medical record number')], text: 'Chart number' },
        system: SYS.chartNumber,
        value: p.chart_number,
      },
    ],
    active: p.status !== 'discharged',
    name: [
      { use: 'official', family: p.last_name, given: [p.first_name] },
      ...(p.preferred_name
        ? [{ use: 'usual' as const, family: p.last_name, given: [p.preferred_name] }]
        : []),
    ],
    telecom,
    gender: (p.sex_at_birth && GENDER[p.sex_at_birth]) || 'unknown',
    birthDate: p.date_of_birth,
    address: [address],
    contact: emergency
      ? [
          compact({
            relationship: [
              {
                coding: [coding('http://terminology.hl7.org/CodeSystem/v2-0131', 'C', 'Emergency Contact')],
                ...(p.emergency_contact_relation ? { text: p.emergency_contact_relation } : {}),
              },
            ],
            name: p.emergency_contact_name ? { text: p.emergency_contact_name } : undefined,
            telecom: p.emergency_contact_phone
              ? [{ system: 'phone' as const, value: p.emergency_contact_phone }]
              : undefined,
          }),
        ]
      : undefined,
    generalPractitioner: careTeam.map((m) => ref('Practitioner', m.user_id)),
    managingOrganization: ref('Organization', ORGANIZATION_ID),
  });
}

const CLINICAL_ACTIVE = {
  coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active', 'Active')],
};
const CONFIRMED = {
  coding: [coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed', 'Confirmed')],
};

/** A diagnosis on the problem list (ICD-10-CM). */
export function presentCondition(d: PatientDiagnosesTable): Condition {
  return {
    resourceType: 'Condition',
    id: d.id,
    meta: meta(d.created_at, [US_CORE('us-core-condition-problems-health-concerns')]),
    clinicalStatus: CLINICAL_ACTIVE,
    verificationStatus: CONFIRMED,
    category: [
      {
        coding: [
          coding(
            'http://terminology.hl7.org/CodeSystem/condition-category',
            'problem-list-item',
            'Problem List Item',
          ),
        ],
      },
    ],
    code: concept([coding(ICD10CM, d.code, d.display)], d.display),
    subject: ref('Patient', d.patient_id),
    recordedDate: d.created_at,
  };
}

/** A recorded allergy or intolerance (free-text substance). */
export function presentAllergy(a: PatientAllergiesTable): AllergyIntolerance {
  return compact<AllergyIntolerance>({
    resourceType: 'AllergyIntolerance',
    id: a.id,
    meta: meta(a.created_at, [US_CORE('us-core-allergyintolerance')]),
    clinicalStatus: {
      coding: [
        coding('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active', 'Active'),
      ],
    },
    verificationStatus: {
      coding: [
        coding(
          'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
          'confirmed',
          'Confirmed',
        ),
      ],
    },
    code: { text: a.substance },
    patient: ref('Patient', a.patient_id),
    recordedDate: a.created_at,
    reaction: a.reaction ? [{ manifestation: [{ text: a.reaction }] }] : undefined,
  });
}

/** A current medication the patient reported at intake (free text; its class drives interaction checks). */
export function presentMedicationStatement(m: PatientMedicationsTable): MedicationStatement {
  return compact<MedicationStatement>({
    resourceType: 'MedicationStatement',
    id: m.id,
    meta: meta(m.created_at),
    status: 'active',
    category: m.med_class ? { text: m.med_class } : undefined,
    medicationCodeableConcept: { text: m.name },
    subject: ref('Patient', m.patient_id),
    dateAsserted: m.created_at,
    dosage: m.dose ? [{ text: m.dose }] : undefined,
  });
}
