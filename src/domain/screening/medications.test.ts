import { describe, expect, it } from 'vitest';
import { classifyMedication, MEDICATION_CATALOGUE, medicationClassesOf } from './medications';

describe('classifyMedication', () => {
  // Every generic and every brand in the catalogue maps back to its own class, whatever the case.
  for (const info of MEDICATION_CATALOGUE) {
    for (const name of [...info.generics, ...info.brands]) {
      it(`${name} → ${info.id}`, () => {
        expect(classifyMedication(name)).toBe(info.id);
        expect(classifyMedication(name.toUpperCase())).toBe(info.id);
        expect(classifyMedication(`${name} 10 mg twice daily`)).toBe(info.id);
      });
    }
  }

  it.each([
    ['Xanax 0.5 mg', 'benzodiazepine_z_drug'],
    ['alprazolam', 'benzodiazepine_z_drug'],
    ['Lorazepam 1mg PRN', 'benzodiazepine_z_drug'],
    ['ATIVAN', 'benzodiazepine_z_drug'],
    ['clonazepam 0.5', 'benzodiazepine_z_drug'],
    ['Klonopin', 'benzodiazepine_z_drug'],
    ['diazepam', 'benzodiazepine_z_drug'],
    ['Valium 5mg', 'benzodiazepine_z_drug'],
    ['zolpidem tartrate ER 12.5mg', 'benzodiazepine_z_drug'],
    ['Ambien CR', 'benzodiazepine_z_drug'],
    ['eszopiclone', 'benzodiazepine_z_drug'],
    ['Lunesta 3 mg at night', 'benzodiazepine_z_drug'],
    ['oxycodone/acetaminophen', 'opioid'],
    ['hydrocodone', 'opioid'],
    ['morphine sulfate ER', 'opioid'],
    ['Fentanyl patch 25mcg/h', 'opioid'],
    ['tramadol 50', 'opioid'],
    ['buprenorphine-naloxone 8/2', 'opioid'],
    ['Methadone 60 mg daily', 'opioid'],
    ['MS Contin 15mg', 'opioid'],
    ['Adderall XR 20mg', 'psychostimulant'],
    ['amphetamine salts', 'psychostimulant'],
    ['methylphenidate', 'psychostimulant'],
    ['Ritalin LA', 'psychostimulant'],
    ['lisdexamfetamine dimesylate', 'psychostimulant'],
    ['Vyvanse 30 mg', 'psychostimulant'],
    ['modafinil', 'psychostimulant'],
    ['phenelzine', 'maoi'],
    ['Nardil 15mg tid', 'maoi'],
    ['tranylcypromine', 'maoi'],
    ['Parnate', 'maoi'],
    ['isocarboxazid', 'maoi'],
    ['selegiline transdermal', 'maoi'],
    ['EMSAM 6mg/24h', 'maoi'],
    ['lamotrigine 200mg', 'lamotrigine'],
    ['Lamictal XR', 'lamotrigine'],
  ] as const)('%s → %s', (name, expected) => {
    expect(classifyMedication(name)).toBe(expected);
  });

  it('returns null for medicines outside the catalogue and for empty text', () => {
    expect(classifyMedication('sertraline 100 mg')).toBeNull();
    expect(classifyMedication('lithium carbonate')).toBeNull();
    expect(classifyMedication('')).toBeNull();
    expect(classifyMedication('   0.5 mg ')).toBeNull();
  });

  it('matches whole words only', () => {
    // "morphine" must not be found inside an unrelated word, nor "amphetamine" inside "lisdexamfetamine".
    expect(classifyMedication('morphinexyz')).toBeNull();
    expect(classifyMedication('lisdexamfetamine')).toBe('psychostimulant');
    expect(classifyMedication('xanaxx')).toBeNull();
  });

  it('collects classes from names and explicit classes', () => {
    const classes = medicationClassesOf([
      { name: 'Xanax 0.25 mg' },
      { name: 'house-brand sleep tablet', class: 'benzodiazepine_z_drug' },
      { name: 'unknown pain pill', class: 'opioid' },
      { name: 'sertraline' },
    ]);
    expect([...classes].sort()).toEqual(['benzodiazepine_z_drug', 'opioid']);
  });
});
