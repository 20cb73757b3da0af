import type { Coding, Observation, ObservationComponent, Quantity, Reference } from '@medplum/fhirtypes';
import {
  BLOOD_PRESSURE_PANEL,
  type LoincCode,
  VITAL_SIGNS,
  VITALS,
  type Vital,
  type VitalSign,
  type VitalValues,
} from '../../../domain/vitals';
import type { SessionEntriesTable } from '../../db/schema';
import { deepFreeze } from '../kept';
import {
  BASE_PROFILE,
  coding,
  compact,
  LOINC,
  meta,
  OBS_CATEGORY,
  parseJson,
  ref,
  UCUM,
  US_CORE,
} from './common';

/**
 * Vital signs recorded in a dosing session (session_entries of kind 'vitals') as US Core vital-sign
 * Observations: one per vital, with the LOINC code and UCUM unit of the domain's vital-sign table; systolic
 * and diastolic are the two components of the blood-pressure panel. A reading that a later entry corrected is
 * kept, marked entered-in-error. Home readings of an at-home session (present/athome.ts) are rendered by the
 * same function (presentVitalObservations).
 */
type SingleVital = Exclude<Vital, (typeof BLOOD_PRESSURE_PANEL.components)[number]>;
const SINGLE_VITALS = VITALS.filter(
  (v): v is SingleVital => !(BLOOD_PRESSURE_PANEL.components as readonly Vital[]).includes(v),
);
export const VITAL_KINDS: readonly ('bp' | SingleVital)[] = ['bp', ...SINGLE_VITALS];
export type VitalKind = (typeof VITAL_KINDS)[number];

export type EntryRow = Pick<
  SessionEntriesTable,
  'id' | 'session_id' | 'patient_id' | 'kind' | 'at' | 'data' | 'corrects_id' | 'recorded_by' | 'recorded_at'
>;

export const vitalsOf = (e: Pick<EntryRow, 'data'>): VitalValues =>
  parseJson<{ vitals?: VitalValues }>(e.data, {}).vitals ?? {};

/** Which Observations an entry yields (so counts can be checked without rendering). */
export function vitalKindsOf(v: VitalValues): VitalKind[] {
  return VITAL_KINDS.filter((kind) =>
    (kind === 'bp' ? BLOOD_PRESSURE_PANEL.components : [kind]).some((c) => typeof v[c] === 'number'),
  );
}

export const vitalObservationId = (entryId: string, kind: VitalKind) => `${entryId}-${kind}`;
const OBSERVATION_ID = new RegExp(`^([0-9a-f-]{36})-(${VITAL_KINDS.join('|')})$`);
export function parseVitalObservationId(id: string): { entryId: string; kind: VitalKind } | null {
  const m = OBSERVATION_ID.exec(id);
  return m ? { entryId: m[1] as string, kind: m[2] as VitalKind } : null;
}

const quantity = (vital: Vital, value: number): Quantity => {
  const { unit, code } = VITAL_SIGNS[vital].ucum;
  return { value, unit, system: UCUM, code };
};
const loinc = (c: LoincCode) => coding(LOINC, c.code, c.display);
const NOT_RECORDED = {
  coding: [
    coding('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'not-performed', 'Not Performed'),
  ],
};

/** What FHIR adds to the table: the Observation's text and the profiles it claims. */
const DEFS: Record<VitalKind, { text: string; profiles: string[] }> = {
  bp: {
    text: BLOOD_PRESSURE_PANEL.label,
    profiles: [US_CORE('us-core-blood-pressure'), BASE_PROFILE('vitalsigns')],
  },
  hr: { text: 'Heart rate', profiles: [US_CORE('us-core-heart-rate'), BASE_PROFILE('heartrate')] },
  spo2: {
    text: 'Oxygen saturation (pulse oximetry)',
    profiles: [US_CORE('us-core-pulse-oximetry'), BASE_PROFILE('oxygensat')],
  },
  rr: {
    text: 'Respiratory rate',
    profiles: [US_CORE('us-core-respiratory-rate'), BASE_PROFILE('resprate')],
  },
};

/** The codings an Observation of this kind carries (what a `code` search compares). */
export function vitalCodings(kind: VitalKind): Coding[] {
  if (kind === 'bp') return [loinc(BLOOD_PRESSURE_PANEL.loinc)];
  const sign: VitalSign = VITAL_SIGNS[kind];
  return sign.baseLoinc ? [loinc(sign.loinc), loinc(sign.baseLoinc)] : [loinc(sign.loinc)];
}

/**
 * What every Observation of a kind says alike, built once and frozen (a search renders dozens of them): the
 * category, the code and the profiles. Shared between resources, never changed.
 */
const VITAL_SIGNS_CATEGORY = deepFreeze([
  { coding: [coding(OBS_CATEGORY, 'vital-signs', 'Vital Signs')], text: 'Vital Signs' },
]);
const SHARED = Object.fromEntries(
  VITAL_KINDS.map((kind) => [
    kind,
    deepFreeze({
      code: { coding: vitalCodings(kind), text: DEFS[kind].text },
      profiles: DEFS[kind].profiles,
    }),
  ]),
) as Record<VitalKind, { code: Observation['code']; profiles: string[] }>;

function bpComponent(vital: Vital, value: number | undefined): ObservationComponent {
  const code = VITAL_SIGNS[vital].loinc;
  const c: ObservationComponent = { code: { coding: [loinc(code)], text: code.display } };
  return typeof value === 'number'
    ? { ...c, valueQuantity: quantity(vital, value) }
    : { ...c, dataAbsentReason: NOT_RECORDED };
}

/**
 * One reading's vital signs, wherever it was taken (an entry of the clinic console, the patient's own cuff at
 * home): what the Observations of it say besides the values.
 */
export interface VitalsRecord {
  idOf: (kind: VitalKind) => string;
  patientId: string;
  encounterId: string;
  at: string;
  issued: string;
  performer: Reference<never>;
  values: VitalValues;
  status: 'final' | 'entered-in-error';
  note?: ((kind: VitalKind) => string | undefined) | undefined;
  derivedFrom?: Reference<never> | undefined;
}

/** A reading's Observation of one kind (one of vitalKindsOf(r.values)). */
export function presentVitalObservation(r: VitalsRecord, kind: VitalKind): Observation {
  const v = r.values;
  const shared = SHARED[kind];
  const value: Partial<Observation> =
    kind === 'bp'
      ? { component: BLOOD_PRESSURE_PANEL.components.map((c) => bpComponent(c, v[c])) }
      : { valueQuantity: quantity(kind, v[kind] as number) };
  const note = r.note?.(kind);
  return compact<Observation>({
    resourceType: 'Observation',
    id: r.idOf(kind),
    meta: meta(r.issued, shared.profiles),
    status: r.status,
    category: VITAL_SIGNS_CATEGORY,
    code: shared.code,
    subject: ref('Patient', r.patientId),
    encounter: ref('Encounter', r.encounterId),
    effectiveDateTime: r.at,
    issued: r.issued,
    performer: [r.performer],
    derivedFrom: r.derivedFrom ? [r.derivedFrom] : undefined,
    ...value,
    note: note ? [{ text: note }] : undefined,
  });
}

/** A reading's Observations, one per vital (systolic and diastolic together); `only`: just these kinds. */
export function presentVitalObservations(r: VitalsRecord, only?: ReadonlySet<VitalKind>): Observation[] {
  const kinds = vitalKindsOf(r.values);
  return (only ? kinds.filter((k) => only.has(k)) : kinds).map((kind) => presentVitalObservation(r, kind));
}

/**
 * What the Observations of one vitals entry are made from. `correctedBy`: the id of the entry that corrected
 * this one, if any (this reading is then entered-in-error); a correcting entry says which reading it replaces.
 */
export function vitalsRecordOf(e: EntryRow, correctedBy: string | null): VitalsRecord {
  return {
    idOf: (kind) => vitalObservationId(e.id, kind),
    patientId: e.patient_id,
    encounterId: e.session_id,
    at: e.at,
    issued: e.recorded_at,
    performer: ref('Practitioner', e.recorded_by),
    values: vitalsOf(e),
    status: correctedBy ? 'entered-in-error' : 'final',
    note: (kind) =>
      correctedBy
        ? `Replaced by a correction (Observation/${vitalObservationId(correctedBy, kind)}).`
        : e.corrects_id
          ? `Corrects an earlier reading entered in error (Observation/${vitalObservationId(e.corrects_id, kind)}).`
          : undefined,
  };
}
