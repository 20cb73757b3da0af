// PHQ-9 (Patient Health Questionnaire, 9 items) with the functional-difficulty question of the
// published form. Wording, answer options and bands follow Kroenke, Spitzer & Williams 2001.

import { LOINC } from './codes';
import type { InstrumentDefinition } from './types';

/** Item 9 and later suicide attempts and deaths: why a positive answer is followed up before dosing. */
const SIMON_2013 =
  'Simon GE et al. Does response on the PHQ-9 Depression Questionnaire predict subsequent suicide attempt or ' +
  'suicide death? Psychiatr Serv 2013;64(12):1195-1202';
const KROENKE_2001 =
  'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. ' +
  'J Gen Intern Med 2001;16(9):606-613';

/** LOINC answer list LL358-3, shared by PHQ-9 and GAD-7. */
export const FREQUENCY_0_3 = {
  id: 'phq-frequency',
  options: [
    { value: 0, label: 'Not at all', code: { system: LOINC, code: 'LA6568-5', display: 'Not at all' } },
    { value: 1, label: 'Several days', code: { system: LOINC, code: 'LA6569-3', display: 'Several days' } },
    {
      value: 2,
      label: 'More than half the days',
      code: { system: LOINC, code: 'LA6570-1', display: 'More than half the days' },
    },
    {
      value: 3,
      label: 'Nearly every day',
      code: { system: LOINC, code: 'LA6571-9', display: 'Nearly every day' },
    },
  ],
};

// Published sources disagree on which LA codes mean "Very" and "Extremely difficult", so this
// unscored set carries no LOINC answer codes rather than a possibly wrong one.
const DIFFICULTY = {
  id: 'phq-difficulty',
  options: [
    { value: 0, label: 'Not difficult at all' },
    { value: 1, label: 'Somewhat difficult' },
    { value: 2, label: 'Very difficult' },
    { value: 3, label: 'Extremely difficult' },
  ],
};

const SCORED = [
  ['44250-9', 'Little interest or pleasure in doing things'],
  ['44255-8', 'Feeling down, depressed, or hopeless'],
  ['44259-0', 'Trouble falling or staying asleep, or sleeping too much'],
  ['44254-1', 'Feeling tired or having little energy'],
  ['44251-7', 'Poor appetite or overeating'],
  [
    '44258-2',
    'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  ],
  ['44252-5', 'Trouble concentrating on things, such as reading the newspaper or watching television'],
  [
    '44253-3',
    'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety ' +
      'or restless that you have been moving around a lot more than usual',
  ],
  ['44260-8', 'Thoughts that you would be better off dead or of hurting yourself in some way'],
] as const;

const scoredLinkIds = SCORED.map((_, i) => `phq9-${i + 1}`);

export const PHQ9: InstrumentDefinition = {
  id: 'phq9',
  name: 'Patient Health Questionnaire-9 (PHQ-9)',
  version: '1.0.0',
  origin: 'shipped',
  licence:
    'Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues with an ' +
    'educational grant from Pfizer Inc., which holds the copyright. The form states that no permission is ' +
    'required to reproduce, translate, display or distribute it, so it is free to implement.',
  source: KROENKE_2001,
  recallPeriod: 'last 2 weeks',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  answerSets: [FREQUENCY_0_3, DIFFICULTY],
  items: [
    ...SCORED.map(([loinc, text], i) => ({
      linkId: `phq9-${i + 1}`,
      text,
      answerSet: FREQUENCY_0_3.id,
      loinc,
    })),
    {
      // Not part of the score; Kroenke 2001 reports it as a measure of functional impairment.
      linkId: 'phq9-10',
      text:
        'If you checked off any problems, how difficult have these problems made it for you to do your ' +
        'work, take care of things at home, or get along with other people?',
      answerSet: DIFFICULTY.id,
      loinc: '69722-7',
      required: false,
    },
  ],
  loinc: {
    panel: {
      system: LOINC,
      code: '44249-1',
      display: 'PHQ-9 quick depression assessment panel [Reported.PHQ]',
    },
    total: {
      system: LOINC,
      code: '44261-6',
      display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
    },
  },
  scoring: {
    version: '1',
    kind: 'sum',
    items: scoredLinkIds,
    bands: [
      { min: 0, max: 4, label: 'Minimal depression', severity: 0 },
      { min: 5, max: 9, label: 'Mild depression', severity: 1 },
      { min: 10, max: 14, label: 'Moderate depression', severity: 2 },
      { min: 15, max: 19, label: 'Moderately severe depression', severity: 3 },
      { min: 20, max: 27, label: 'Severe depression', severity: 4 },
    ],
    bandSource: `${KROENKE_2001} (severity cut-points 5, 10, 15, 20)`,
    response: {
      kind: 'percentDrop',
      threshold: 50,
      source:
        'Kroenke K, Spitzer RL. The PHQ-9: a new depression diagnostic and severity measure. ' +
        'Psychiatr Ann 2002;32(9):509-515 (response = at least 50 % reduction from baseline)',
    },
    remission: {
      kind: 'below',
      value: 5,
      source: 'Kroenke & Spitzer, Psychiatr Ann 2002;32(9):509-515 (remission = PHQ-9 below 5)',
    },
    flags: [
      {
        code: 'suicide_risk',
        level: 'urgent',
        message:
          'PHQ-9 item 9 (thoughts of being better off dead or of self-harm) was answered above "Not at ' +
          'all": a clinician must assess suicide risk before further dosing.',
        source: `${KROENKE_2001}: any positive answer to item 9 calls for a suicide-risk assessment; ${SIMON_2013}`,
        when: { anyOf: ['phq9-9'], atLeast: 1 },
      },
    ],
  },
};
