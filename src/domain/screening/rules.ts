import type { Condition, HistoryKey, MedicationClass, ScreeningRule } from './types';

/**
 * Shipped default contraindication rules. They are defaults, not constants: a clinic's medical
 * director can move any rule between absolute and relative (see overrides.ts), and the UI shows each
 * rule's basis and source.
 *
 * level    absolute → cannot start; relative → prescriber decides and records why;
 *          interaction → an interacting medicine, reviewed like a relative rule.
 * basis    'label' → stated in US product labelling (a contraindication, the REMS, or a named drug
 *          interaction); 'policy' → common practice in KAP clinics, which the UI must present as such.
 */

const KETALAR_CI = 'Ketalar (ketamine hydrochloride) US prescribing information, §4 Contraindications';
const SPRAVATO_CI = 'Spravato (esketamine) US prescribing information, §4 Contraindications';
const SPRAVATO_BP =
  'Spravato (esketamine) US prescribing information, Warnings and Precautions: increases in blood pressure';
const SPRAVATO_DI = 'Spravato (esketamine) US prescribing information, §7 Drug Interactions';
const APA_2017 =
  'Sanacora G et al. A consensus statement on the use of ketamine in the treatment of mood disorders. ' +
  'JAMA Psychiatry 2017;74(4):399–405 (APA Council of Research Task Force on Novel Biomarkers and Treatments)';
const CLINIC_POLICY = 'Common clinic policy (not a label contraindication)';
const KETALAR_ADMIN =
  'Ketalar (ketamine hydrochloride) US prescribing information, §2.1 (to be given only where respiratory and ' +
  'cardiac function are monitored continuously, by staff trained in procedural sedation)';
const FDA_HOME_2023 =
  'US FDA, 10 Oct 2023: “FDA warns patients and health care providers about potential risks associated with ' +
  'compounded ketamine products, including oral formulations, for the treatment of psychiatric disorders”';
const SPRAVATO_ABUSE =
  'Spravato (esketamine) US prescribing information, §9.2 Abuse (people with a history of drug abuse or ' +
  'dependence are at greater risk); ketamine is a Schedule III controlled substance (21 CFR 1308.13)';

const yes = (key: HistoryKey): Condition => ({ field: `history.${key}`, equals: true });
const takes = (medicationClass: MedicationClass): Condition => ({ medicationClass });

const ABSOLUTE_RULES: ScreeningRule[] = [
  {
    id: 'aneurysmal_vascular_disease',
    label: 'Aneurysmal vascular disease',
    level: 'absolute',
    basis: 'label',
    appliesTo: 'all',
    when: yes('aneurysmal_vascular_disease'),
    reason:
      'Ketamine and esketamine raise blood pressure for a while after each dose; in an aneurysm ' +
      '(aortic, intracranial or peripheral) that rise could cause a rupture.',
    next: 'Do not start. Discuss other treatments with the patient and their physician.',
    source: `${SPRAVATO_CI}; ${KETALAR_CI} (where a significant rise in blood pressure is a serious hazard)`,
  },
  {
    id: 'arteriovenous_malformation',
    label: 'Arteriovenous malformation',
    level: 'absolute',
    basis: 'label',
    appliesTo: 'all',
    when: yes('avm'),
    reason: 'A transient rise in blood pressure after dosing could make an arteriovenous malformation bleed.',
    next: 'Do not start. Discuss other treatments with the patient and their physician.',
    source: SPRAVATO_CI,
  },
  {
    id: 'intracerebral_haemorrhage',
    label: 'History of intracerebral haemorrhage',
    level: 'absolute',
    basis: 'label',
    appliesTo: 'all',
    when: yes('intracerebral_haemorrhage'),
    reason: 'A past bleed into the brain puts the patient at risk from the blood-pressure rise after dosing.',
    next: 'Do not start. Discuss other treatments with the patient and their physician.',
    source: SPRAVATO_CI,
  },
  {
    id: 'ketamine_hypersensitivity',
    label: 'Hypersensitivity to ketamine or esketamine',
    level: 'absolute',
    basis: 'label',
    appliesTo: 'all',
    when: yes('ketamine_hypersensitivity'),
    reason: 'The patient has had an allergic or hypersensitivity reaction to ketamine or esketamine.',
    next: 'Do not start. Record the reaction in the allergy list.',
    source: `${KETALAR_CI}; ${SPRAVATO_CI}`,
  },
  {
    id: 'active_psychosis_or_mania',
    label: 'Active psychosis or mania',
    level: 'absolute',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('active_psychosis_or_mania'),
    reason: 'Ketamine can produce psychotic-like effects and may worsen an active psychosis or mania.',
    next: 'Do not start now. Refer for treatment of the current episode; re-screen when it has resolved.',
    source: `${APA_2017}; excluded by most KAP programs`,
  },
  {
    id: 'pregnancy',
    label: 'Pregnancy',
    level: 'absolute',
    basis: 'policy',
    appliesTo: 'all',
    when: { field: 'pregnant', equals: true },
    reason:
      'Animal studies suggest a risk to the developing brain; the esketamine label advises against use in ' +
      'pregnancy and most KAP programs exclude it.',
    next: 'Do not start. Discuss contraception and re-screen after pregnancy.',
    source: 'Spravato US prescribing information §8.1 (not recommended during pregnancy); clinic policy',
  },
  {
    id: 'esketamine_at_home',
    label: 'Esketamine planned for home use',
    level: 'absolute',
    basis: 'label',
    appliesTo: 'at_home',
    when: { field: 'program.route', equals: 'esketamine' },
    reason:
      'Esketamine may only be given in a certified healthcare setting under direct observation; ' +
      'patients never take it home.',
    next: 'Plan in-clinic esketamine sessions instead.',
    source: 'Spravato REMS (Risk Evaluation and Mitigation Strategy); Spravato US prescribing information',
  },
];

/**
 * Absolute until resolved (DOMAIN §3): the patient cannot start while the finding stands; once it is resolved
 * (blood pressure controlled) the record is updated and screening runs again, which clears the reason.
 */
const UNTIL_RESOLVED_RULES: ScreeningRule[] = [
  {
    id: 'hypertension_uncontrolled',
    label: 'Uncontrolled hypertension',
    level: 'absolute',
    basis: 'label',
    appliesTo: 'all',
    when: yes('hypertension_uncontrolled'),
    reason:
      'Ketamine and esketamine raise blood pressure for a while after each dose; with blood pressure that is ' +
      'not under control that rise is a serious hazard, which the ketamine label contraindicates.',
    next: 'Do not start. Refer for blood-pressure control; when it is controlled, update the history and screen again.',
    source: `${KETALAR_CI} (where a significant rise in blood pressure is a serious hazard); ${SPRAVATO_BP}`,
  },
  {
    id: 'bp_uncontrolled_at_screening',
    label: 'Blood pressure at 160/100 or above at screening',
    level: 'absolute',
    basis: 'policy',
    appliesTo: 'all',
    // Optional input, as for the 140/90 rule below: no reading is not "missing".
    when: {
      any: [
        { field: 'latestBp.sbp', gte: 160, ifMissing: 'false' },
        { field: 'latestBp.dbp', gte: 100, ifMissing: 'false' },
      ],
    },
    reason:
      'The latest reading is in the range of stage 2 hypertension: blood pressure is not controlled, and the ' +
      'rise after each dose would start from there.',
    next:
      'Do not start. Re-check; if it stays at 160/100 or above, refer for blood-pressure control and screen ' +
      'again with a controlled reading.',
    source:
      'Chobanian AV et al. Seventh Report of the Joint National Committee on Prevention, Detection, Evaluation, ' +
      `and Treatment of High Blood Pressure (JNC 7). JAMA 2003;289(19):2560–2572 (stage 2: 160/100 or above); ${KETALAR_CI}`,
  },
];

const RELATIVE_RULES: ScreeningRule[] = [
  {
    id: 'hypertension',
    label: 'Hypertension',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('hypertension'),
    reason:
      'Blood pressure rises for a while after each dose; known hypertension makes that rise matter more.',
    next: 'Confirm that blood pressure is controlled; plan closer monitoring during sessions.',
    source: `${SPRAVATO_BP}; ${APA_2017}`,
  },
  {
    id: 'elevated_bp_at_screening',
    label: 'Raised blood pressure at screening',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    // Optional input: no reading at screening is not "missing", every dosing day starts with one anyway.
    when: {
      any: [
        { field: 'latestBp.sbp', gt: 140, ifMissing: 'false' },
        { field: 'latestBp.dbp', gt: 90, ifMissing: 'false' },
      ],
    },
    reason:
      'The latest blood pressure is above 140/90, the level at which the esketamine label suggests delay.',
    next: 'Re-check blood pressure; if it stays raised, ask the patient’s physician to review it first.',
    source: 'Spravato US prescribing information §2 (consider delaying if above 140/90); clinic policy',
  },
  {
    id: 'cardiovascular_disease',
    label: 'Cardiovascular disease',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('cardiovascular_disease'),
    reason: 'Heart disease makes the rise in blood pressure and heart rate after dosing riskier.',
    next: 'Get cardiology or primary-care input; consider in-clinic sessions with closer monitoring.',
    source: `${SPRAVATO_BP}; ${APA_2017}`,
  },
  {
    id: 'cerebrovascular_disease',
    label: 'Cerebrovascular disease',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('cerebrovascular_disease'),
    reason: 'A history of stroke or other cerebrovascular disease makes the blood-pressure rise riskier.',
    next: 'Get neurology or primary-care input before deciding.',
    source: `${SPRAVATO_BP}; ${APA_2017}`,
  },
  {
    id: 'past_psychosis',
    label: 'History of psychosis',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('past_psychosis'),
    reason: 'Ketamine can bring back psychotic symptoms in people who have had them before.',
    next: 'Psychiatric review of the history and current stability; record the decision.',
    source: APA_2017,
  },
  {
    id: 'bipolar_without_mood_stabiliser',
    label: 'Bipolar disorder without a mood stabiliser',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: { all: [yes('bipolar_disorder'), { field: 'history.on_mood_stabiliser', equals: false }] },
    reason: 'Without a mood stabiliser there is a risk of switching into mania or hypomania.',
    next: 'Psychiatric review; consider starting a mood stabiliser first.',
    source: `${APA_2017}; clinic policy`,
  },
  {
    id: 'substance_use_disorder',
    label: 'Substance use disorder',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: { any: [yes('substance_use_disorder'), yes('opioid_use_disorder_history')] },
    reason: 'Ketamine can be misused; a substance use disorder raises that risk.',
    next: 'Assess current use and recovery supports; prefer in-clinic dosing.',
    source: 'Spravato US prescribing information, Warnings and Precautions: abuse and misuse; clinic policy',
  },
  {
    id: 'hepatic_impairment_moderate',
    label: 'Moderate hepatic impairment',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('hepatic_impairment_moderate'),
    reason: 'Ketamine is cleared by the liver; with moderate impairment its effects may last longer.',
    next: 'Consider a lower dose and a longer monitoring period; check liver tests during the course.',
    source: 'Spravato US prescribing information §8.6 (hepatic impairment); clinic policy',
  },
  {
    id: 'cystitis_or_bladder_symptoms',
    label: 'Interstitial or ulcerative cystitis, bladder symptoms',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('cystitis_or_bladder_symptoms'),
    reason: 'Repeated ketamine use can inflame the bladder; existing bladder problems may get worse.',
    next: 'Ask about urinary symptoms at each session; involve urology if they worsen.',
    source:
      'Spravato US prescribing information, Warnings and Precautions: ulcerative or interstitial cystitis',
  },
  {
    id: 'breastfeeding',
    label: 'Breastfeeding',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: { field: 'breastfeeding', equals: true },
    reason: 'Ketamine passes into breast milk; the esketamine label advises against breastfeeding.',
    next: 'Discuss pausing breastfeeding or postponing treatment.',
    source: 'Spravato US prescribing information §8.2 (lactation); clinic policy',
  },
  {
    id: 'recent_suicide_attempt_or_intent',
    label: 'Recent suicide attempt or current intent',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: yes('recent_suicide_attempt_or_intent'),
    reason: 'Active suicide risk needs a higher level of care and a safety plan before ketamine treatment.',
    next: 'Assess the level of care needed; complete a safety plan; treat only in clinic.',
    source: `${APA_2017}; clinic policy`,
  },
  {
    id: 'age_under_18',
    label: 'Under 18',
    level: 'relative',
    basis: 'policy',
    appliesTo: 'all',
    when: { field: 'ageYears', lt: 18 },
    reason: 'Safety and effectiveness in people under 18 have not been established.',
    next: 'Most programs treat adults only; if considered, involve a child and adolescent psychiatrist.',
    source: 'Spravato US prescribing information §8.4 (pediatric use); clinic policy',
  },
];

/** Items that exclude home dosing even when a prescriber would accept them in clinic. */
const AT_HOME_RULES: ScreeningRule[] = [
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

const INTERACTION_RULES: ScreeningRule[] = [
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

export const DEFAULT_SCREENING_RULES: readonly ScreeningRule[] = [
  ...ABSOLUTE_RULES,
  ...UNTIL_RESOLVED_RULES,
  ...RELATIVE_RULES,
  ...AT_HOME_RULES,
  ...INTERACTION_RULES,
];
