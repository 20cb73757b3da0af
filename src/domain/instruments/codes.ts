// Code systems and URLs shared by the instrument definitions and the FHIR presenters.

export const LOINC = 'http://loinc.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
/** FHIR R5's successor to ordinalValue; accepted on import because newer tools emit it. */
export const ITEM_WEIGHT = 'http://hl7.org/fhir/StructureDefinition/itemWeight';

/**
 * Liminal has no public FHIR base URL of its own (each clinic hosts itself), so questionnaires get a
 * location-independent URN as their canonical URL: `urn:liminal:questionnaire:phq9`, versioned as
 * `urn:liminal:questionnaire:phq9|1.0.0` when referenced.
 */
export const QUESTIONNAIRE_URN_PREFIX = 'urn:liminal:questionnaire:';
/** Code system for answer options that have no standard code: `urn:liminal:answers:<set id>`. */
export const ANSWER_URN_PREFIX = 'urn:liminal:answers:';
