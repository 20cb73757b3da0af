/**
 * The vital signs Liminal records, in one table: what the console's form asks for, what the rules compare,
 * what the messages and screens call each one, and how the FHIR API and the printed record code it. Every
 * other list of vital signs (the API contract, the web form, the FHIR presenter, the export PDF) derives from
 * this one, so a new vital sign is added here once.
 */

export interface LoincCode {
  code: string;
  display: string;
}

export interface VitalSign {
  /** The key of the value in a reading, a rule and the stored entry. */
  kind: string;
  /** Its name in messages and lists: "Systolic BP". */
  label: string;
  /** The form field's short name, shown with the unit: "Systolic (mmHg)". */
  fieldLabel: string;
  /** Its name inside a sentence: "Re-check blood pressure". */
  words: string;
  /** The unit as shown on screen and in messages. */
  unit: string;
  /** The unit as a FHIR Quantity carries it: the UCUM code and its human form. */
  ucum: { code: string; unit: string };
  /** The LOINC code of the value (a component of the blood-pressure panel for systolic and diastolic). */
  loinc: LoincCode;
  /** A second code the FHIR base vital-signs profile requires when `loinc` is the more specific one. */
  baseLoinc?: LoincCode;
  /** Where a typed value is plausible: outside it, the number is almost certainly a typing slip. */
  plausible: { min: number; max: number };
  /** Where a rule's threshold may sit (narrower than `plausible`). */
  threshold: { min: number; max: number };
  /** Where the codes and the ranges come from, as the domain rules ask of every default. */
  source: { coding: string; ranges: string };
}

const FHIR_VITAL_SIGNS =
  'LOINC code and UCUM unit required by the HL7 FHIR R4 vital signs profile ' +
  '(hl7.org/fhir/R4/observation-vitalsigns.html) and the matching US Core 6.1 profile';
const FHIR_PULSE_OXIMETRY =
  'US Core 6.1 pulse oximetry profile: LOINC 59408-5, with 2708-6 as the HL7 FHIR R4 vital signs ' +
  'profile requires; UCUM %';
/**
 * Plausible ranges are deliberately wide (a real but extreme value must still be recordable); threshold
 * ranges are wide enough for the strictest and the loosest published and programme limits. Neither is from
 * a publication.
 */
const RANGES =
  'Clinic policy default (not a published rule): wide enough for any real value, narrow enough to catch a ' +
  'slip such as 1400 for 140';

export const VITAL_SIGNS = {
  sbp: {
    kind: 'sbp',
    label: 'Systolic BP',
    fieldLabel: 'Systolic',
    words: 'blood pressure',
    unit: 'mmHg',
    ucum: { code: 'mm[Hg]', unit: 'mmHg' },
    loinc: { code: '8480-6', display: 'Systolic blood pressure' },
    plausible: { min: 50, max: 300 },
    threshold: { min: 70, max: 250 },
    source: { coding: FHIR_VITAL_SIGNS, ranges: RANGES },
  },
  dbp: {
    kind: 'dbp',
    label: 'Diastolic BP',
    fieldLabel: 'Diastolic',
    words: 'blood pressure',
    unit: 'mmHg',
    ucum: { code: 'mm[Hg]', unit: 'mmHg' },
    loinc: { code: '8462-4', display: 'Diastolic blood pressure' },
    plausible: { min: 20, max: 200 },
    threshold: { min: 40, max: 150 },
    source: { coding: FHIR_VITAL_SIGNS, ranges: RANGES },
  },
  hr: {
    kind: 'hr',
    label: 'Heart rate',
    fieldLabel: 'Heart rate',
    words: 'heart rate',
    unit: 'bpm',
    ucum: { code: '/min', unit: 'beats/minute' },
    loinc: { code: '8867-4', display: 'Heart rate' },
    plausible: { min: 20, max: 250 },
    threshold: { min: 30, max: 200 },
    source: { coding: FHIR_VITAL_SIGNS, ranges: RANGES },
  },
  spo2: {
    kind: 'spo2',
    label: 'SpO2',
    fieldLabel: 'SpO2',
    words: 'SpO2',
    unit: '%',
    ucum: { code: '%', unit: '%' },
    loinc: { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
    baseLoinc: { code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
    plausible: { min: 50, max: 100 },
    threshold: { min: 80, max: 100 },
    source: { coding: FHIR_PULSE_OXIMETRY, ranges: RANGES },
  },
  rr: {
    kind: 'rr',
    label: 'Respiratory rate',
    fieldLabel: 'Resp. rate',
    words: 'respiratory rate',
    unit: '/min',
    ucum: { code: '/min', unit: 'breaths/minute' },
    loinc: { code: '9279-1', display: 'Respiratory rate' },
    plausible: { min: 4, max: 60 },
    threshold: { min: 4, max: 40 },
    source: { coding: FHIR_VITAL_SIGNS, ranges: RANGES },
  },
} as const satisfies Record<string, VitalSign>;

export type Vital = keyof typeof VITAL_SIGNS;
/** The vital signs in the order every form and table lists them. */
// The table's keys, typed as a non-empty tuple so that z.enum(VITALS) takes them.
export const VITALS = Object.keys(VITAL_SIGNS) as unknown as readonly [Vital, ...Vital[]];

/**
 * Systolic and diastolic are sent as the two components of one blood-pressure Observation (the FHIR vital
 * signs profile's panel), so the panel has its own code.
 */
export const BLOOD_PRESSURE_PANEL = {
  loinc: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
  label: 'Blood pressure',
  components: ['sbp', 'dbp'] as const satisfies readonly Vital[],
  source: FHIR_VITAL_SIGNS,
};

/** The vital sign a LOINC code stands for (either of its codes), or undefined. */
export function vitalOfLoinc(code: string | undefined): Vital | undefined {
  if (!code) return undefined;
  return VITALS.find((v) => {
    const sign: VitalSign = VITAL_SIGNS[v];
    return sign.loinc.code === code || sign.baseLoinc?.code === code;
  });
}
