import { APA_2017, KETALAR_CI, SPRAVATO_BP, SPRAVATO_CI, yes } from './rules-sources';
import type { ScreeningRule } from './types';

/** Absolute contraindications, and those absolute until the condition is resolved. */
export const ABSOLUTE_RULES: ScreeningRule[] = [
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
export const UNTIL_RESOLVED_RULES: ScreeningRule[] = [
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
