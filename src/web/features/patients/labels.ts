import type { PATIENT_STATUSES } from '../../../contracts/patients';
import { missingFieldLabel } from '../../../domain/screening/labels';
import { MEDICATION_CATALOGUE } from '../../../domain/screening/medications';
import type { HistoryKey, MedicationClass } from '../../../domain/screening/types';

/** Words for the codes the patient API uses. */

export const PATIENT_STATUS_LABELS: Record<(typeof PATIENT_STATUSES)[number], string> = {
  enquiry: 'Enquiry',
  intake: 'Intake',
  active: 'In treatment',
  maintenance: 'Maintenance',
  discharged: 'Discharged',
};

export { HISTORY_LABELS } from '../../../domain/screening/labels';

/** The checklist in the order a clinician asks, grouped. */
export const HISTORY_GROUPS: { title: string; keys: HistoryKey[] }[] = [
  {
    title: 'Vascular and allergy',
    keys: ['aneurysmal_vascular_disease', 'avm', 'intracerebral_haemorrhage', 'ketamine_hypersensitivity'],
  },
  {
    title: 'Heart, blood pressure, liver and bladder',
    keys: [
      'hypertension',
      'hypertension_uncontrolled',
      'cardiovascular_disease',
      'cerebrovascular_disease',
      'hepatic_impairment_moderate',
      'cystitis_or_bladder_symptoms',
    ],
  },
  {
    title: 'Mental health and substance use',
    keys: [
      'active_psychosis_or_mania',
      'past_psychosis',
      'bipolar_disorder',
      'on_mood_stabiliser',
      'substance_use_disorder',
      'opioid_use_disorder_history',
      'recent_suicide_attempt_or_intent',
    ],
  },
];

export const ROUTE_LABELS: Record<string, string> = {
  iv: 'IV infusion (racemic ketamine)',
  im: 'Intramuscular injection (racemic ketamine)',
  sublingual: 'Sublingual troche or RDT',
  oral: 'Oral',
  esketamine: 'Esketamine nasal spray (Spravato)',
};

export const SETTING_LABELS: Record<string, string> = {
  in_clinic: 'In clinic',
  at_home: 'At home, with a sitter',
};

export const PREGNANCY_LABELS: Record<string, string> = {
  pregnant: 'Pregnant',
  not_pregnant: 'Not pregnant',
  not_applicable: 'Not applicable',
  unknown: 'Not known yet',
};

export const SEX_LABELS: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  intersex: 'Intersex',
  unknown: 'Not known',
};

export const MED_CLASS_LABELS = Object.fromEntries(
  MEDICATION_CATALOGUE.map((c) => [c.id, c.label]),
) as Record<MedicationClass, string>;
export const MED_CLASS_CONCERNS = Object.fromEntries(
  MEDICATION_CATALOGUE.map((c) => [c.id, c.concern]),
) as Record<MedicationClass, string>;

/** The screening's "missing" items (input field names) as a clinician reads them. */
export const missingLabel = missingFieldLabel;

export const label = (map: Record<string, string>, key: string | null | undefined) =>
  key ? (map[key] ?? key) : '—';
