// ASQ (Ask Suicide-Screening Questions), NIMH. Four yes/no screening items plus an acuity question
// that is asked only after a "yes". Wording and the positive / acute-positive rules follow the NIMH
// ASQ toolkit screening sheet (Horowitz et al. 2012).

import { LOINC } from './codes';
import type { InstrumentDefinition } from './types';

const HOROWITZ_2012 =
  'Horowitz LM, Bridge JA, Teach SJ, et al. Ask Suicide-Screening Questions (ASQ): a brief instrument for ' +
  'the pediatric emergency department. Arch Pediatr Adolesc Med 2012;166(12):1170-1176';
const NIMH_TOOLKIT = 'NIMH Ask Suicide-Screening Questions (ASQ) toolkit, screening tool instructions';

const YES_NO = {
  id: 'yes-no',
  acceptsBoolean: true,
  options: [
    { value: 1, label: 'Yes', code: { system: LOINC, code: 'LA33-6', display: 'Yes' } },
    { value: 0, label: 'No', code: { system: LOINC, code: 'LA32-8', display: 'No' } },
  ],
};

const SCREENING = ['asq-1', 'asq-2', 'asq-3', 'asq-4'];

export const ASQ: InstrumentDefinition = {
  id: 'asq',
  name: 'Ask Suicide-Screening Questions (ASQ)',
  version: '1.0.0',
  origin: 'shipped',
  licence:
    'Developed by the US National Institute of Mental Health; a US federal government work in the public ' +
    'domain, distributed free by NIMH for use in medical settings.',
  source: `${HOROWITZ_2012}; ${NIMH_TOOLKIT}`,
  recallPeriod: 'varies by question: past few weeks, past week, ever, right now',
  instructions: 'Ask the patient:',
  answerSets: [YES_NO],
  items: [
    { linkId: 'asq-1', text: 'In the past few weeks, have you wished you were dead?', answerSet: YES_NO.id },
    {
      linkId: 'asq-2',
      text: 'In the past few weeks, have you felt that you or your family would be better off if you were dead?',
      answerSet: YES_NO.id,
    },
    {
      linkId: 'asq-3',
      text: 'In the past week, have you been having thoughts about killing yourself?',
      answerSet: YES_NO.id,
    },
    { linkId: 'asq-4', text: 'Have you ever tried to kill yourself?', answerSet: YES_NO.id },
    {
      // The acuity question: asked only when any of questions 1-4 is "yes".
      linkId: 'asq-5',
      text: 'Are you having thoughts of killing yourself right now?',
      answerSet: YES_NO.id,
      enableWhen: { anyOf: SCREENING, equals: 1 },
    },
  ],
  scoring: {
    version: '1',
    kind: 'sum',
    // The "total" is the number of "yes" answers to 1-4; only zero versus non-zero matters.
    items: SCREENING,
    bands: [
      { min: 0, max: 0, label: 'Negative screen', severity: 0 },
      { min: 1, max: 4, label: 'Positive screen', severity: 1 },
    ],
    bandSource: `${NIMH_TOOLKIT}: "yes" to any of questions 1-4 is a positive screen`,
    flags: [
      {
        code: 'positive',
        level: 'urgent',
        message:
          'Positive ASQ screen ("yes" to, or no answer to, one of questions 1-4): a brief suicide safety ' +
          'assessment is needed before the patient leaves and before further dosing.',
        // The toolkit counts a refusal to answer as positive, hence unansweredCounts.
        source: `${NIMH_TOOLKIT}; ${HOROWITZ_2012}`,
        when: { anyOf: SCREENING, atLeast: 1, unansweredCounts: true },
      },
      {
        code: 'acute_positive',
        level: 'emergency',
        message:
          'Acute positive ASQ screen ("yes" to thoughts of killing yourself right now): imminent risk; ' +
          'the patient needs an immediate (STAT) safety evaluation and must not leave until evaluated.',
        source: NIMH_TOOLKIT,
        when: { anyOf: ['asq-5'], atLeast: 1 },
      },
    ],
  },
};
