import type { Condition, HistoryKey, MedicationClass } from './types';

/** The sources the shipped rules cite, and the small builders they are written with. */

export const KETALAR_CI = 'Ketalar (ketamine hydrochloride) US prescribing information, §4 Contraindications';
export const SPRAVATO_CI = 'Spravato (esketamine) US prescribing information, §4 Contraindications';
export const SPRAVATO_BP =
  'Spravato (esketamine) US prescribing information, Warnings and Precautions: increases in blood pressure';
export const SPRAVATO_DI = 'Spravato (esketamine) US prescribing information, §7 Drug Interactions';
export const APA_2017 =
  'Sanacora G et al. A consensus statement on the use of ketamine in the treatment of mood disorders. ' +
  'JAMA Psychiatry 2017;74(4):399–405 (APA Council of Research Task Force on Novel Biomarkers and Treatments)';
export const CLINIC_POLICY = 'Common clinic policy (not a label contraindication)';
export const KETALAR_ADMIN =
  'Ketalar (ketamine hydrochloride) US prescribing information, §2.1 (to be given only where respiratory and ' +
  'cardiac function are monitored continuously, by staff trained in procedural sedation)';
export const FDA_HOME_2023 =
  'US FDA, 10 Oct 2023: “FDA warns patients and health care providers about potential risks associated with ' +
  'compounded ketamine products, including oral formulations, for the treatment of psychiatric disorders”';
export const SPRAVATO_ABUSE =
  'Spravato (esketamine) US prescribing information, §9.2 Abuse (people with a history of drug abuse or ' +
  'dependence are at greater risk); ketamine is a Schedule III controlled substance (21 CFR 1308.13)';

export const yes = (key: HistoryKey): Condition => ({ field: `history.${key}`, equals: true });
export const takes = (medicationClass: MedicationClass): Condition => ({ medicationClass });
