import type { Coding, Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import type { SessionEntriesTable } from '../../db/schema';
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
 * Observations: one per vital. Blood pressure is the 85354-9 panel with systolic 8480-6 and diastolic
 * 8462-4 components; heart rate 8867-4; SpO2 59408-5 (with 2708-6, as the base profile requires);
 * respiratory rate 9279-1. A reading that a later entry corrected is kept, marked entered-in-error.
 */
export const VITAL_KINDS = ['bp', 'hr', 'spo2', 'rr'] as const;
export type VitalKind = (typeof VITAL_KINDS)[number];

export type EntryRow = Pick<
  SessionEntriesTable,
  'id' | 'session_id' | 'patient_id' | 'kind' | 'at' | 'data' | 'corrects_id' | 'recorded_by' | 'recorded_at'
>;
interface Vitals {
  sbp?: number;
  dbp?: number;
  hr?: number;
  spo2?: number;
  rr?: number;
}

export const vitalsOf = (e: Pick<EntryRow, 'data'>): Vitals =>
  parseJson<{ vitals?: Vitals }>(e.data, {}).vitals ?? {};

/** Which Observations an entry yields (so counts can be checked without rendering). */
export function vitalKindsOf(v: Vitals): VitalKind[] {
  const out: VitalKind[] = [];
  if (typeof v.sbp === 'number' || typeof v.dbp === 'number') out.push('bp');
  if (typeof v.hr === 'number') out.push('hr');
  if (typeof v.spo2 === 'number') out.push('spo2');
  if (typeof v.rr === 'number') out.push('rr');
  return out;
}

export const vitalObservationId = (entryId: string, kind: VitalKind) => `${entryId}-${kind}`;
export function parseVitalObservationId(id: string): { entryId: string; kind: VitalKind } | null {
  const m = /^([0-9a-f-]{36})-(bp|hr|spo2|rr)$/.exec(id);
  return m ? { entryId: m[1] as string, kind: m[2] as VitalKind } : null;
}

const qty = (value: number, unit: string, code: string): Quantity => ({ value, unit, system: UCUM, code });
const mmHg = (value: number) => qty(value, 'mmHg', 'mm[Hg]');
const NOT_RECORDED = {
  coding: [
    coding('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'not-performed', 'Not Performed'),
  ],
};

const DEFS: Record<VitalKind, { codings: Coding[]; text: string; profiles: string[] }> = {
  bp: {
    codings: [coding(LOINC, '85354-9', 'Blood pressure panel with all children optional')],
    text: 'Blood pressure',
    profiles: [US_CORE('us-core-blood-pressure'), BASE_PROFILE('vitalsigns')],
  },
  hr: {
    codings: [coding(LOINC, '8867-4', 'Heart rate')],
    text: 'Heart rate',
    profiles: [US_CORE('us-core-heart-rate'), BASE_PROFILE('heartrate')],
  },
  spo2: {
    codings: [
      coding(LOINC, '59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
      coding(LOINC, '2708-6', 'Oxygen saturation in Arterial blood'),
    ],
    text: 'Oxygen saturation (pulse oximetry)',
    profiles: [US_CORE('us-core-pulse-oximetry'), BASE_PROFILE('oxygensat')],
  },
  rr: {
    codings: [coding(LOINC, '9279-1', 'Respiratory rate')],
    text: 'Respiratory rate',
    profiles: [US_CORE('us-core-respiratory-rate'), BASE_PROFILE('resprate')],
  },
};

/** The codings an Observation of this kind carries (what a `code` search compares). */
export const vitalCodings = (kind: VitalKind): Coding[] => DEFS[kind].codings;

function bpComponent(code: string, display: string, value: number | undefined): ObservationComponent {
  const c: ObservationComponent = { code: { coding: [coding(LOINC, code, display)], text: display } };
  return typeof value === 'number'
    ? { ...c, valueQuantity: mmHg(value) }
    : { ...c, dataAbsentReason: NOT_RECORDED };
}

/**
 * The Observations of one vitals entry. `correctedBy`: the id of the entry that corrected this one, if any
 * (this reading is then entered-in-error); a correcting entry says which reading it replaces. `only`: render
 * just these kinds (a search by code).
 */
export function presentVitals(
  e: EntryRow,
  correctedBy: string | null,
  only?: ReadonlySet<VitalKind>,
): Observation[] {
  const v = vitalsOf(e);
  const kinds = vitalKindsOf(v);
  return (only ? kinds.filter((k) => only.has(k)) : kinds).map((kind) => {
    const def = DEFS[kind];
    const value: Partial<Observation> =
      kind === 'bp'
        ? {
            component: [
              bpComponent('8480-6', 'Systolic blood pressure', v.sbp),
              bpComponent('8462-4', 'Diastolic blood pressure', v.dbp),
            ],
          }
        : kind === 'hr'
          ? { valueQuantity: qty(v.hr as number, 'beats/minute', '/min') }
          : kind === 'spo2'
            ? { valueQuantity: qty(v.spo2 as number, '%', '%') }
            : { valueQuantity: qty(v.rr as number, 'breaths/minute', '/min') };
    return compact<Observation>({
      resourceType: 'Observation',
      id: vitalObservationId(e.id, kind),
      meta: meta(e.recorded_at, def.profiles),
      status: correctedBy ? 'entered-in-error' : 'final',
      category: [{ coding: [coding(OBS_CATEGORY, 'vital-signs', 'Vital Signs')], text: 'Vital Signs' }],
      code: { coding: def.codings, text: def.text },
      subject: ref('Patient', e.patient_id),
      encounter: ref('Encounter', e.session_id),
      effectiveDateTime: e.at,
      issued: e.recorded_at,
      performer: [ref('Practitioner', e.recorded_by)],
      ...value,
      note: correctedBy
        ? [{ text: `Replaced by a correction (Observation/${vitalObservationId(correctedBy, kind)}).` }]
        : e.corrects_id
          ? [
              {
                text: `Corrects an earlier reading entered in error (Observation/${vitalObservationId(e.corrects_id, kind)}).`,
              },
            ]
          : undefined,
    });
  });
}
