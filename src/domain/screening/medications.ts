import type { MedicationClass, ScreeningMedication } from './types';

/**
 * Medicines that interact with ketamine/esketamine (the interacting medicines screened at intake and the
 * concomitant medicines the esketamine REMS record asks about).
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
  /** Where the interaction, and the class's members, are published. */
  source: string;
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
    source: 'Spravato (esketamine) US prescribing information, §7 Drug Interactions (CNS depressants)',
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
    source: 'Spravato (esketamine) US prescribing information, §7 Drug Interactions (CNS depressants)',
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
    source: 'Spravato (esketamine) US prescribing information, §7 Drug Interactions (psychostimulants)',
  },
  {
    id: 'maoi',
    label: 'Monoamine oxidase inhibitors (MAOIs)',
    concern: 'May add to the rise in blood pressure.',
    // The whole class, not only the antidepressants: the MAO-B inhibitors used for Parkinson's disease, and two
    // medicines that inhibit MAO although they are not marketed as MAOIs (linezolid, methylene blue).
    generics: [
      'phenelzine',
      'tranylcypromine',
      'isocarboxazid',
      'selegiline',
      'rasagiline',
      'safinamide',
      'moclobemide',
      'linezolid',
      'methylene blue',
      'methylthioninium chloride',
    ],
    brands: [
      'nardil',
      'parnate',
      'marplan',
      'emsam',
      'eldepryl',
      'zelapar',
      'azilect',
      'xadago',
      'manerix',
      'zyvox',
      'provayblue',
    ],
    source:
      'Spravato (esketamine) US prescribing information, §7 Drug Interactions (monoamine oxidase inhibitors); ' +
      'Azilect (rasagiline), Xadago (safinamide), Eldepryl/Zelapar/Emsam (selegiline) US prescribing information ' +
      '(MAO-B inhibitors); Zyvox (linezolid) US prescribing information §5 (reversible, nonselective MAO ' +
      'inhibitor); US FDA Drug Safety Communication, 26 Jul 2011 (methylene blue inhibits MAO-A)',
  },
  {
    id: 'lamotrigine',
    label: 'Lamotrigine',
    concern: 'May blunt the effect of ketamine.',
    generics: ['lamotrigine'],
    brands: ['lamictal', 'subvenite'],
    source: 'Anand A et al. Arch Gen Psychiatry 2000;57(3):270–276 (lamotrigine attenuated ketamine effects)',
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
  for (const { id, names } of CATALOGUE_NAMES) {
    for (const candidate of names) if (padded.includes(candidate)) return id;
  }
  return null;
}

/**
 * The catalogue's names as whole words (" name "), generics before brands, made once: a chart read screens the
 * patient's medicines each time (issue #23).
 */
const CATALOGUE_NAMES = MEDICATION_CATALOGUE.map((info) => ({
  id: info.id,
  names: [...info.generics, ...info.brands].map((n) => ` ${n} `),
}));

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
