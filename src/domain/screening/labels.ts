import { DEFAULT_SCREENING_RULES } from './rules';
import type { HistoryKey } from './types';

/**
 * The words for the screening's keys, in one place for the server's messages and every screen: staff read
 * "Substance use disorder (current)", never `substance_use_disorder`.
 */
export const HISTORY_LABELS: Record<HistoryKey, string> = {
  aneurysmal_vascular_disease: 'Aneurysmal vascular disease (aortic, intracranial or peripheral)',
  avm: 'Arteriovenous malformation',
  intracerebral_haemorrhage: 'Past intracerebral haemorrhage',
  ketamine_hypersensitivity: 'Hypersensitivity to ketamine or esketamine',
  active_psychosis_or_mania: 'Active psychosis or mania',
  past_psychosis: 'Past psychosis',
  bipolar_disorder: 'Bipolar disorder',
  on_mood_stabiliser: 'Takes a mood stabiliser',
  hypertension: 'Hypertension',
  hypertension_uncontrolled: 'Hypertension not under control',
  cardiovascular_disease: 'Cardiovascular disease',
  cerebrovascular_disease: 'Cerebrovascular disease (e.g. stroke)',
  substance_use_disorder: 'Substance use disorder (current)',
  opioid_use_disorder_history: 'Opioid use disorder, ever',
  hepatic_impairment_moderate: 'Moderate hepatic impairment',
  cystitis_or_bladder_symptoms: 'Interstitial or ulcerative cystitis, bladder symptoms',
  recent_suicide_attempt_or_intent: 'Recent suicide attempt or current intent',
};

const FIELD_LABELS: Record<string, string> = {
  pregnancyStatus: 'Pregnancy status',
  breastfeeding: 'Breastfeeding',
  dateOfBirth: 'Date of birth',
  medications: 'Medication list',
  latestBp: 'Latest blood pressure',
  plannedRoute: 'Planned route',
  plannedSetting: 'Planned setting (in clinic or at home)',
};

/** Words for the last resort: a key nobody named ("some_new_key" → "Some new key"). */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]?.toUpperCase() + words.slice(1) : key;
}

/** A screening result's "missing" item (an input field name) as a clinician reads it. */
export function missingFieldLabel(field: string): string {
  if (field.startsWith('history.')) {
    const key = field.slice('history.'.length) as HistoryKey;
    return `History: ${HISTORY_LABELS[key] ?? humanise(key)}`;
  }
  return FIELD_LABELS[field] ?? humanise(field);
}

const RULE_LABELS = new Map(DEFAULT_SCREENING_RULES.map((r) => [r.id, r.label]));

/** A screening rule's label from its id (decision histories store ids; a retired rule still gets words). */
export function screeningRuleLabel(ruleId: string): string {
  return RULE_LABELS.get(ruleId) ?? humanise(ruleId);
}
