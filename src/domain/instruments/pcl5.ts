// PCL-5 (PTSD Checklist for DSM-5), 20 items, past month. Wording from the US Department of Veterans
// Affairs National Center for PTSD form (Weathers et al. 2013).

import type { InstrumentDefinition } from './types';

const WEATHERS_2013 =
  'Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD Checklist for DSM-5 ' +
  '(PCL-5). National Center for PTSD, 2013';
const NCPTSD_GUIDE = 'US VA National Center for PTSD, "Using the PTSD Checklist for DSM-5 (PCL-5)"';

const BOTHER_0_4 = {
  id: 'pcl5-bother',
  // Only "Not at all" has an unambiguous LOINC answer code; local codes keep the set consistent.
  options: [
    { value: 0, label: 'Not at all' },
    { value: 1, label: 'A little bit' },
    { value: 2, label: 'Moderately' },
    { value: 3, label: 'Quite a bit' },
    { value: 4, label: 'Extremely' },
  ],
};

const ITEMS = [
  'Repeated, disturbing, and unwanted memories of the stressful experience?',
  'Repeated, disturbing dreams of the stressful experience?',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were ' +
    'actually back there reliving it)?',
  'Feeling very upset when something reminded you of the stressful experience?',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, ' +
    'heart pounding, trouble breathing, sweating)?',
  'Avoiding memories, thoughts, or feelings related to the stressful experience?',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, ' +
    'activities, objects, or situations)?',
  'Trouble remembering important parts of the stressful experience?',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts ' +
    'such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is ' +
    'completely dangerous)?',
  'Blaming yourself or someone else for the stressful experience or what happened after it?',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
  'Loss of interest in activities that you used to enjoy?',
  'Feeling distant or cut off from other people?',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving ' +
    'feelings for people close to you)?',
  'Irritable behavior, angry outbursts, or acting aggressively?',
  'Taking too many risks or doing things that could cause you harm?',
  'Being "superalert" or watchful or on guard?',
  'Feeling jumpy or easily startled?',
  'Having difficulty concentrating?',
  'Trouble falling or staying asleep?',
];

/** linkIds for items first..last (1-based, inclusive). */
const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => `pcl5-${first + i}`);

export const PCL5: InstrumentDefinition = {
  id: 'pcl5',
  name: 'PTSD Checklist for DSM-5 (PCL-5)',
  version: '1.0.0',
  origin: 'shipped',
  licence:
    'Developed by staff of the US Department of Veterans Affairs National Center for PTSD; as a work of the ' +
    'US federal government it is in the public domain and free to implement.',
  source: WEATHERS_2013,
  recallPeriod: 'past month',
  instructions: 'In the past month, how much were you bothered by:',
  answerSets: [BOTHER_0_4],
  items: ITEMS.map((text, i) => ({ linkId: `pcl5-${i + 1}`, text, answerSet: BOTHER_0_4.id })),
  scoring: {
    version: '1',
    kind: 'sum',
    items: range(1, 20),
    // DSM-5 symptom clusters, as listed in the NCPTSD scoring guide.
    subscales: [
      { id: 'B', name: 'Cluster B: intrusion (items 1-5)', items: range(1, 5) },
      { id: 'C', name: 'Cluster C: avoidance (items 6-7)', items: range(6, 7) },
      {
        id: 'D',
        name: 'Cluster D: negative alterations in cognitions and mood (items 8-14)',
        items: range(8, 14),
      },
      {
        id: 'E',
        name: 'Cluster E: alterations in arousal and reactivity (items 15-20)',
        items: range(15, 20),
      },
    ],
    // The PCL-5 has no published severity bands; the only banding it supports is either side of the
    // provisional cut-point, so the bands restate that cutoff.
    bands: [
      { min: 0, max: 32, label: 'Below the probable-PTSD cut-point', severity: 0 },
      { min: 33, max: 80, label: 'Probable PTSD (provisional; confirm by clinical interview)', severity: 1 },
    ],
    bandSource: `${NCPTSD_GUIDE}: a cut-point of 31-33 indicates probable PTSD; Liminal uses 33`,
    cutoffs: [
      {
        id: 'probable_ptsd',
        label: 'Probable PTSD (total >= 33)',
        atLeast: 33,
        source: `${NCPTSD_GUIDE}; Bovin MJ et al., Psychol Assess 2016;28(11):1379-1391`,
      },
    ],
    // NCPTSD: 5 points is the minimum reliable change, 10 points the minimum clinically meaningful
    // improvement. "Response" here is the clinically meaningful one.
    response: {
      kind: 'absoluteDrop',
      value: 10,
      source: `${NCPTSD_GUIDE}: a drop of at least 10 points is clinically meaningful`,
    },
  },
};
