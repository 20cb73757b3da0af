import type { CodeableConcept, Coding, Meta, Reference } from '@medplum/fhirtypes';

/**
 * Shared codes and small helpers for the pure presenters (row → FHIR R4 resource). Presenters never touch
 * the database or the clock: everything they show comes in their arguments, so they are tested by value.
 */
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const NDC = 'http://hl7.org/fhir/sid/ndc';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** Local code systems and identifier namespaces (URNs, like the instrument library's). */
export const SYS = {
  chartNumber: 'urn:liminal:identifier:chart-number',
  staffEmail: 'urn:liminal:identifier:staff-email',
  licence: (state: string) => `urn:liminal:identifier:licence:${state}`,
  encounterType: 'urn:liminal:encounter-type',
  staffRole: 'urn:liminal:staff-role',
  carePlanActivity: 'urn:liminal:care-plan-activity',
  courseTemplate: 'urn:liminal:course-template',
  administrationPhase: 'urn:liminal:administration-phase',
  lot: 'urn:liminal:identifier:lot',
} as const;

/** The clinic is the one Organization; without configured sites it is also the one Location. */
export const ORGANIZATION_ID = 'clinic';
export const DEFAULT_LOCATION_ID = 'clinic-site';

export const US_CORE = (name: string) => `http://hl7.org/fhir/us/core/StructureDefinition/${name}`;
export const BASE_PROFILE = (name: string) => `http://hl7.org/fhir/StructureDefinition/${name}`;

/** What presenters need to know about the clinic (from settings), passed in by the loader. */
export interface ClinicInfo {
  name: string;
  phone: string | null;
  email: string | null;
}

/** A literal reference; typed to fit any Reference<…> element (the type is in the string). */
export const ref = (type: string, id: string, display?: string | null): Reference<never> =>
  display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` };

export const coding = (system: string, code: string, display?: string): Coding =>
  display ? { system, code, display } : { system, code };

export const concept = (codings: Coding[], text?: string | null): CodeableConcept => ({
  ...(codings.length ? { coding: codings } : {}),
  ...(text ? { text } : {}),
});

export const textConcept = (text: string): CodeableConcept => ({ text });

/** meta.lastUpdated (and profiles) for a row with an update time. */
export function meta(lastUpdated: string | null | undefined, profiles: string[] = []): Meta | undefined {
  const m: Meta = {};
  if (lastUpdated) m.lastUpdated = lastUpdated;
  if (profiles.length) m.profile = profiles;
  return Object.keys(m).length ? m : undefined;
}

/** Drops undefined, null, empty strings and empty arrays, so resources never carry empty elements (ele-1). */
export type Compacted<T> = { [K in keyof T]: Exclude<T[K], null> };
export function compact<T extends object>(o: T): Compacted<T> {
  const out: Record<string, unknown> = {};
  // Own enumerable keys in order, as Object.entries gives them, without an array per key (every resource
  // rendered passes through here).
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const v: unknown = o[k];
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as Compacted<T>;
}

/** FHIR ids are [A-Za-z0-9\-.]{1,64}: anything else is not an id we could have produced. */
export const isFhirId = (s: string): boolean => /^[A-Za-z0-9\-.]{1,64}$/.test(s);

const ROUTE_CODES: Record<string, { code: string; display: string }> = {
  iv: { code: '47625008', display: 'Intravenous route' },
  im: { code: '78421000', display: 'Intramuscular route' },
  sublingual: { code: '37839007', display: 'Sublingual route' },
  oral: { code: '26643006', display: 'Oral route' },
  esketamine: { code: '46713006', display: 'Nasal route' },
};

/** SNOMED CT route of administration for a course or session route. */
export function routeConcept(route: string): CodeableConcept {
  const r = ROUTE_CODES[route];
  return r ? { coding: [coding(SNOMED, r.code, r.display)], text: r.display } : { text: route };
}

/** The drug of a route: esketamine for the nasal spray, racemic ketamine otherwise (RxNorm ingredient 6130). */
export function drugConcept(route: string, product?: string | null): CodeableConcept {
  if (route === 'esketamine') return { text: product || 'Esketamine nasal spray' };
  return { coding: [coding(RXNORM, '6130', 'ketamine')], text: product || 'Ketamine' };
}

/** A person's single display name split best-effort into HumanName parts ("Dr. Priya Prescott", "Noah Nightingale, RN"). */
export function splitName(full: string): {
  text: string;
  family?: string;
  given?: string[];
  prefix?: string[];
  suffix?: string[];
} {
  const [main = '', ...suffixes] = full.split(',').map((s) => s.trim());
  const words = main.split(/\s+/).filter(Boolean);
  const prefix =
    words.length > 1 && /^(dr|mr|mrs|ms|mx|prof)\.?$/i.test(words[0] ?? '') ? [words.shift() as string] : [];
  const family = words.length ? words.pop() : undefined;
  return compact({
    text: full,
    family,
    given: words.length ? words : undefined,
    prefix,
    suffix: suffixes.filter(Boolean),
  });
}

/** Parses a stored JSON column, tolerating bad data (a presenter must not throw on an odd row). */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
