import type {
  Encounter,
  EncounterParticipant,
  Medication,
  MedicationAdministration,
  Observation,
} from '@medplum/fhirtypes';
import type { HomeReading } from '../../../domain/athome';
import type { SessionWithProduct } from '../../features/athome';
import { CLASS, encounterType, medicationId, PARTICIPATION, participant } from './care';
import {
  coding,
  compact,
  drugConcept,
  meta,
  NDC,
  ORGANIZATION_ID,
  parseJson,
  ref,
  routeConcept,
  UCUM,
  US_CORE,
} from './common';
import { presentVitalObservations, VITAL_KINDS, type VitalKind } from './vitals';

/**
 * At-home sublingual sessions (issue #16) as the clinic's sessions are presented: the session is an Encounter
 * of class HH (home health), the dose the patient took a MedicationAdministration of the troche product (a
 * Medication with its lot), and each home blood-pressure and pulse reading the same US Core vital-sign
 * Observations as a reading in the clinic. The check-in and check-out forms are in athome-forms.ts.
 */
export type AtHomeSession = SessionWithProduct;

const ENCOUNTER_STATUS: Record<string, Encounter['status']> = {
  scheduled: 'planned',
  checking_in: 'in-progress',
  recheck: 'in-progress',
  held: 'in-progress',
  awaiting_go: 'in-progress',
  go: 'in-progress',
  dose_taken: 'in-progress',
  checked_out: 'finished',
};

export const readingsOfSession = (s: Pick<AtHomeSession, 'readings'>): HomeReading[] =>
  parseJson<HomeReading[]>(s.readings, []);

/** When the session ended for the patient: the last check-out, else when a clinician closed it. */
function endOf(s: AtHomeSession): string | null {
  const outs = [s.patient_checked_out_at, s.sitter_checked_out_at].filter((x): x is string => Boolean(x));
  if (outs.length) return outs.sort().at(-1) as string;
  return s.closed_at;
}

/** The record's signature (prescriber, after close), when it is signed. */
export interface RecordSignature {
  by: string;
  at: string;
}

export function presentAtHomeEncounter(s: AtHomeSession, signed: RecordSignature | null): Encounter {
  const status =
    s.state === 'closed'
      ? s.dose_taken_at
        ? 'finished'
        : 'cancelled'
      : (ENCOUNTER_STATUS[s.state] ?? 'unknown');
  const readings = readingsOfSession(s);
  // The booked start, or the first thing that happened if that was earlier (the check-in opens before it).
  const start = [s.starts_at, readings[0]?.at, s.sitter_invited_at, s.go_at, s.hold_at, s.dose_taken_at]
    .filter((x): x is string => Boolean(x))
    .sort()[0] as string;
  const end = status === 'finished' || status === 'cancelled' ? endOf(s) : null;
  const people = new Map<string, EncounterParticipant>();
  for (const id of [s.order_signed_by, s.go_by, s.hold_by, s.closed_by])
    if (id && id !== signed?.by) people.set(id, participant(id, 'PART', 'Participation'));
  const participants = [
    ...(signed ? [participant(signed.by, 'ATND', 'attender')] : []),
    ...people.values(),
    ...(s.sitter_name
      ? [
          {
            type: [{ coding: [coding(PARTICIPATION, 'PART', 'Participation')], text: 'Sitter' }],
            individual: { type: 'RelatedPerson', display: `${s.sitter_name} (sitter)` },
          } as EncounterParticipant,
        ]
      : []),
  ];
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: s.id,
    meta: meta(s.updated_at, [US_CORE('us-core-encounter')]),
    identifier: [{ system: 'urn:liminal:identifier:at-home-session', value: s.id }],
    status,
    class: CLASS.HH,
    type: encounterType('dosing', `At-home dosing session ${Number(s.number)} (Sublingual route)`),
    subject: ref('Patient', s.patient_id),
    participant: participants,
    period: compact({ start, end: end && end >= start ? end : undefined }),
    serviceProvider: ref('Organization', ORGANIZATION_ID),
  });
}

/** The product and lot of the session's order: one Medication per dose taken, like a dose in the clinic. */
export function presentAtHomeMedication(s: AtHomeSession): Medication {
  const code = drugConcept('sublingual', s.product_name);
  if (s.product_ndc) code.coding = [...(code.coding ?? []), coding(NDC, s.product_ndc)];
  return compact<Medication>({
    resourceType: 'Medication',
    id: medicationId(s.id),
    meta: meta(s.order_signed_at),
    code,
    status: 'active',
    form: s.product_form ? { text: s.product_form === 'troche' ? 'Troche' : s.product_form } : undefined,
    batch: s.order_lot_number
      ? compact({ lotNumber: s.order_lot_number, expirationDate: s.lot_expires_on ?? undefined })
      : undefined,
  });
}

/** The dose the patient took at home: the order's troches, sublingual, self-administered. */
export function presentAtHomeAdministration(s: AtHomeSession): MedicationAdministration {
  const mg = Number(s.order_mg ?? 0);
  const troches = Number(s.dose_troches ?? s.order_troches ?? 0);
  return compact<MedicationAdministration>({
    resourceType: 'MedicationAdministration',
    id: s.id,
    meta: meta(s.dose_taken_at),
    status: 'completed',
    category: {
      coding: [
        coding('http://terminology.hl7.org/CodeSystem/medication-admin-category', 'community', 'Community'),
      ],
    },
    medicationReference: ref('Medication', medicationId(s.id)),
    subject: ref('Patient', s.patient_id),
    context: ref('Encounter', s.id),
    effectiveDateTime: s.dose_taken_at as string,
    performer: [{ actor: ref('Patient', s.patient_id) }],
    note: [{ text: 'Self-administered at home under the prescriber’s signed order for this session.' }],
    dosage: {
      text: `${troches} troche${troches === 1 ? '' : 's'} (${mg} mg), sublingual`,
      route: routeConcept('sublingual'),
      dose: { value: mg, unit: 'mg', system: UCUM, code: 'mg' },
    },
  });
}

/** A home reading's Observations: `<session>.<n>-bp` and `<session>.<n>-hr` (n from 1, in the order taken). */
export const homeObservationId = (sessionId: string, n: number, kind: VitalKind) =>
  `${sessionId}.${n}-${kind}`;
const HOME_OBSERVATION_ID = new RegExp(`^([0-9a-f-]{36})\\.(\\d{1,3})-(${VITAL_KINDS.join('|')})$`);
export function parseHomeObservationId(id: string): { sessionId: string; n: number; kind: VitalKind } | null {
  const m = HOME_OBSERVATION_ID.exec(id);
  return m ? { sessionId: m[1] as string, n: Number(m[2]), kind: m[3] as VitalKind } : null;
}

/** The kinds a home reading yields: the blood-pressure panel and the heart rate. */
export const HOME_KINDS: readonly VitalKind[] = ['bp', 'hr'];

/**
 * The home readings of a session as vital-sign Observations, measured and typed by the patient from their own
 * cuff, derived from the check-in that asked for them. `only`: just these kinds (a search by code).
 */
export function presentHomeReadings(
  s: AtHomeSession,
  checkInId: string,
  only?: ReadonlySet<VitalKind>,
): Observation[] {
  return readingsOfSession(s).flatMap((r, i) =>
    presentVitalObservations(
      {
        idOf: (kind) => homeObservationId(s.id, i + 1, kind),
        patientId: s.patient_id,
        encounterId: s.id,
        at: r.at,
        issued: r.at,
        performer: ref('Patient', s.patient_id),
        values: { sbp: r.sbp, dbp: r.dbp, hr: r.hr },
        status: 'final',
        note: () =>
          i === 0
            ? 'Home reading before an at-home dose, measured by the patient with their own cuff.'
            : 'Home re-check after a high reading, measured by the patient with their own cuff.',
        derivedFrom: ref('QuestionnaireResponse', checkInId),
      },
      only,
    ),
  );
}
