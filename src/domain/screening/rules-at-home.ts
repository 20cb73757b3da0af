import {
  CLINIC_POLICY,
  FDA_HOME_2023,
  KETALAR_ADMIN,
  SPRAVATO_ABUSE,
  SPRAVATO_DI,
  takes,
  yes,
} from './rules-sources';
import type { MedicationClass, ScreeningRule } from './types';

/** Rules for at-home programs, and interacting medicines. */
export const AT_HOME_RULES: ScreeningRule[] = [
  {
    id: 'route_not_for_home',
    label: 'Injected ketamine planned for home use',
    level: 'absolute',
    basis: 'label',
    appliesTo: 'at_home',
    // Esketamine at home has its own rule above (the REMS); every other route but sublingual and oral is given
    // by staff in a monitored setting, so a route added later is excluded at home until a rule says otherwise.
    when: { field: 'program.route', notIn: ['sublingual', 'oral', 'esketamine'] },
    reason:
      'Injected ketamine (IV or IM) is given only by trained staff where breathing and heart are monitored ' +
      'continuously; at home only sublingual or oral doses are taken.',
    next: 'Plan in-clinic sessions for this route, or plan a sublingual or oral at-home program instead.',
    source: `${KETALAR_ADMIN}; ${FDA_HOME_2023}`,
  },
  {
    id: 'substance_use_disorder_at_home',
    label: 'Current substance use disorder (at-home program)',
    level: 'absolute',
    basis: 'policy',
    appliesTo: 'at_home',
    when: yes('substance_use_disorder'),
    reason:
      'A take-home supply of a controlled substance cannot be given to someone with a current substance use ' +
      'disorder: the risk of misuse is higher and nobody from the clinic watches the dose.',
    next: 'Offer in-clinic treatment, where the prescriber decides, or treat the substance use disorder first.',
    source: `${SPRAVATO_ABUSE}; ${FDA_HOME_2023}; at-home programs exclude current substance use disorder`,
  },
  {
    id: 'age_under_18_at_home',
    label: 'Under 18 (at-home program)',
    level: 'absolute',
    basis: 'policy',
    appliesTo: 'at_home',
    when: { field: 'ageYears', lt: 18 },
    reason:
      'Safety and effectiveness in people under 18 have not been established; at-home programs treat adults only.',
    next: 'Do not plan home dosing. If treatment is considered, it happens in clinic with a child and adolescent psychiatrist.',
    source:
      'Spravato US prescribing information §8.4 (pediatric use: safety and effectiveness not established); at-home programs treat adults only',
  },
  {
    id: 'opioid_use_disorder_at_home',
    label: 'Opioid use disorder history (at-home program)',
    level: 'absolute',
    basis: 'policy',
    appliesTo: 'at_home',
    when: yes('opioid_use_disorder_history'),
    reason: 'Any history of opioid use disorder rules out unsupervised take-home doses.',
    next: 'Offer in-clinic treatment instead.',
    source: CLINIC_POLICY,
  },
  {
    id: 'suicide_risk_at_home',
    label: 'Recent suicide attempt or intent (at-home program)',
    level: 'absolute',
    basis: 'policy',
    appliesTo: 'at_home',
    when: yes('recent_suicide_attempt_or_intent'),
    reason: 'Active suicide risk needs a higher level of care than home dosing can give.',
    next: 'Offer in-clinic treatment or refer to a higher level of care.',
    source: CLINIC_POLICY,
  },
];

function interaction(
  id: string,
  medicationClass: MedicationClass,
  label: string,
  reason: string,
  next: string,
  basis: 'label' | 'policy',
  source: string,
): ScreeningRule {
  return {
    id,
    label,
    level: 'interaction',
    basis,
    appliesTo: 'all',
    when: takes(medicationClass),
    reason,
    next,
    source,
  };
}

export const INTERACTION_RULES: ScreeningRule[] = [
  interaction(
    'takes_benzodiazepine_z_drug',
    'benzodiazepine_z_drug',
    'Takes a benzodiazepine or Z-drug',
    'Adds to sedation; small observational studies also report a weaker antidepressant response.',
    'Review the dose; consider holding it on dosing days if it is safe to do so.',
    'label',
    `${SPRAVATO_DI} (CNS depressants); observational reports of reduced response`,
  ),
  interaction(
    'takes_opioid',
    'opioid',
    'Takes an opioid',
    'Adds to sedation and the risk of slowed breathing.',
    'Review the dose and plan continuous pulse oximetry during sessions.',
    'label',
    `${SPRAVATO_DI} (CNS depressants)`,
  ),
  interaction(
    'takes_psychostimulant',
    'psychostimulant',
    'Takes a psychostimulant',
    'May add to the rise in blood pressure.',
    'Consider holding it on dosing days; monitor blood pressure closely.',
    'label',
    `${SPRAVATO_DI} (psychostimulants)`,
  ),
  interaction(
    'takes_maoi',
    'maoi',
    'Takes an MAOI',
    'May add to the rise in blood pressure (this includes MAO-B inhibitors such as rasagiline, and linezolid ' +
      'and methylene blue, which also inhibit MAO).',
    'Prescriber review before any dose; monitor blood pressure closely.',
    'label',
    `${SPRAVATO_DI} (monoamine oxidase inhibitors); Zyvox (linezolid) US prescribing information; ` +
      'US FDA Drug Safety Communication, 26 Jul 2011 (methylene blue)',
  ),
  interaction(
    'takes_lamotrigine',
    'lamotrigine',
    'Takes lamotrigine',
    'May blunt the effect of ketamine.',
    'Discuss the possibly weaker effect; do not stop lamotrigine without the prescriber.',
    'policy',
    'Anand A et al. 2000, Arch Gen Psychiatry 57:270–276 (lamotrigine attenuated ketamine effects); clinic policy',
  ),
];
