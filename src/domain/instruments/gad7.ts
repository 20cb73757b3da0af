// GAD-7 (Generalized Anxiety Disorder, 7 items). Wording, answers and bands follow Spitzer et al. 2006.

import { LOINC } from './codes';
import { FREQUENCY_0_3 } from './phq9';
import type { InstrumentDefinition } from './types';

const SPITZER_2006 =
  'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety ' +
  'disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097';

const ITEMS = [
  ['69725-0', 'Feeling nervous, anxious, or on edge'],
  ['68509-9', 'Not being able to stop or control worrying'],
  ['69733-4', 'Worrying too much about different things'],
  ['69734-2', 'Trouble relaxing'],
  ['69735-9', 'Being so restless that it is hard to sit still'],
  ['69689-8', 'Becoming easily annoyed or irritable'],
  ['69736-7', 'Feeling afraid, as if something awful might happen'],
] as const;

export const GAD7: InstrumentDefinition = {
  id: 'gad7',
  name: 'Generalized Anxiety Disorder-7 (GAD-7)',
  version: '1.0.0',
  origin: 'shipped',
  licence:
    'Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues with an ' +
    'educational grant from Pfizer Inc., which holds the copyright. The form states that no permission is ' +
    'required to reproduce, translate, display or distribute it, so it is free to implement.',
  source: SPITZER_2006,
  recallPeriod: 'last 2 weeks',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  answerSets: [FREQUENCY_0_3],
  items: ITEMS.map(([loinc, text], i) => ({
    linkId: `gad7-${i + 1}`,
    text,
    answerSet: FREQUENCY_0_3.id,
    loinc,
  })),
  loinc: {
    panel: { system: LOINC, code: '69737-5', display: 'Generalized anxiety disorder 7 item (GAD-7)' },
    total: {
      system: LOINC,
      code: '70274-6',
      display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
    },
  },
  scoring: {
    version: '1',
    kind: 'sum',
    items: ITEMS.map((_, i) => `gad7-${i + 1}`),
    bands: [
      { min: 0, max: 4, label: 'Minimal anxiety', severity: 0 },
      { min: 5, max: 9, label: 'Mild anxiety', severity: 1 },
      { min: 10, max: 14, label: 'Moderate anxiety', severity: 2 },
      { min: 15, max: 21, label: 'Severe anxiety', severity: 3 },
    ],
    bandSource: `${SPITZER_2006} (cut-points 5, 10 and 15 for mild, moderate and severe anxiety)`,
    // Spitzer 2006 defines no response or remission rule. These mirror the PHQ-9 conventions (the domain
    // brief asks for them); a clinic that prefers another rule can import its own definition.
    response: {
      kind: 'percentDrop',
      threshold: 50,
      source:
        'Convention carried over from the PHQ-9 (50 % drop from baseline: Kroenke & Spitzer, Psychiatr Ann ' +
        '2002;32(9):509-515); Spitzer 2006 defines no response rule for the GAD-7',
    },
    remission: {
      kind: 'below',
      value: 5,
      source: `Below the mild cut-point of 5 (${SPITZER_2006}), as PHQ-9 remission is below 5 (Kroenke & Spitzer 2002)`,
    },
  },
};
