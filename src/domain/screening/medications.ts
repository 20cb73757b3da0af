import type { MedicationClass, ScreeningMedication } from './types';

/**
 * Medicines that interact with ketamine/esketamine (DOMAIN §3 "interacting medicines", §5 REMS list).
 * The Spravato label (§7 Drug Interactions) names CNS depressants (benzodiazepines, opioids, hypnotics),
 * psychostimulants and MAOIs; lamotrigine is listed because it has been shown to attenuate ketamine's
 * effects (Anand et al. 2000, Arch Gen Psychiatry 57:270).
 *
 * Names are lower-case generic names and US brand names. Multi-word names are matched as whole-word
 * sequences. The list is a convenience, not a formulary: a clinician can always set the class by hand.
 */
export interface MedicationClassInfo {
  id: MedicationClass;
  label: string;
  /** Why it matters for a ketamine session, in plain words. */
  concern: string;
  generics: readonly string[];
  brands: readonly string[];
}

export const MEDICATION_CATALOGUE: readonly MedicationClassInfo[] = [
  {
    id: 'benzodiazepine_z_drug',
    label: 'Benzodiazepines and Z-drugs',
    concern: 'Added sedation; observational reports suggest a weaker antidepressant response.',
    generics: [
      'alprazolam',
      'lorazepam',
      'clonazepam',
      'diazepam',
      'temazepam',
      'chlordiazepoxide',
      'oxazepam',
      'triazolam',
      'clobazam',
      'clorazepate',
      'midazolam',
      'zolpidem',
      'zaleplon',
      'zopiclone',
      'eszopiclone',
    ],
    brands: [
      'xanax',
      'ativan',
      'klonopin',
      'valium',
      'restoril',
      'librium',
      'halcion',
      'onfi',
      'tranxene',
      'ambien',
      'edluar',
      'intermezzo',
      'sonata',
      'lunesta',
    ],
  },
  {
    id: 'opioid',
    label: 'Opioids',
    concern: 'Added sedation and respiratory depression.',
    generics: [
      'oxycodone',
      'hydrocodone',
      'morphine',
      'fentanyl',
      'tramadol',
      'buprenorphine',
      'methadone',
      'hydromorphone',
      'codeine',
      'tapentadol',
      'oxymorphone',
    ],
    brands: [
      'oxycontin',
      'percocet',
      'roxicodone',
      'vicodin',
      'norco',
      'ms contin',
      'duragesic',
      'ultram',
      'suboxone',
      'subutex',
      'zubsolv',
      'sublocade',
      'butrans',
      'methadose',
      'dilaudid',
      'nucynta',
    ],
  },
  {
    id: 'psychostimulant',
    label: 'Psychostimulants',
    concern: 'May add to the rise in blood pressure.',
    generics: [
      'amphetamine',
      'dextroamphetamine',
      'methamphetamine',
      'lisdexamfetamine',
      'methylphenidate',
      'dexmethylphenidate',
      'modafinil',
      'armodafinil',
    ],
    brands: [
      'adderall',
      'mydayis',
      'dexedrine',
      'desoxyn',
      'vyvanse',
      'ritalin',
      'concerta',
      'focalin',
      'provigil',
      'nuvigil',
    ],
  },
  {
    id: 'maoi',
    label: 'Monoamine oxidase inhibitors (MAOIs)',
    concern: 'May add to the rise in blood pressure.',
    generics: ['phenelzine', 'tranylcypromine', 'isocarboxazid', 'selegiline'],
    brands: ['nardil', 'parnate', 'marplan', 'emsam'],
  },
  {
    id: 'lamotrigine',
    label: 'Lamotrigine',
    concern: 'May blunt the effect of ketamine.',
    generics: ['lamotrigine'],
    brands: ['lamictal', 'subvenite'],
  },
];

/** Lower-case, letters only, single spaces: "Xanax 0.5 mg" → "xanax mg". */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
    .join(' ');
}

/**
 * Class of a medicine written free-text on an intake form, or null when it is not in the catalogue.
 * Case-insensitive and tolerant of dose, form and release text ("Adderall XR 20mg", "zolpidem-ER").
 * Matching is on whole words, so "amphetamine" does not match inside "lisdexamfetamine".
 */
export function classifyMedication(name: string): MedicationClass | null {
  const padded = ` ${normalise(name)} `;
  for (const info of MEDICATION_CATALOGUE) {
    for (const candidate of [...info.generics, ...info.brands]) {
      if (padded.includes(` ${candidate} `)) return info.id;
    }
  }
  return null;
}

/** Every class present in a medication list (explicit classes and name lookups together). */
export function medicationClassesOf(medications: readonly ScreeningMedication[]): Set<MedicationClass> {
  const classes = new Set<MedicationClass>();
  for (const med of medications) {
    if (med.class) classes.add(med.class);
    const byName = classifyMedication(med.name);
    if (byName) classes.add(byName);
  }
  return classes;
}
