/**
 * A short ICD-10-CM list for the conditions KAP clinics treat (DOMAIN §1). Anything else is typed in as a
 * code and description; the API checks the code's shape.
 */
export const ICD10_SHORT_LIST: { code: string; display: string }[] = [
  { code: 'F32.0', display: 'Major depressive disorder, single episode, mild' },
  { code: 'F32.1', display: 'Major depressive disorder, single episode, moderate' },
  { code: 'F32.2', display: 'Major depressive disorder, single episode, severe without psychotic features' },
  { code: 'F32.3', display: 'Major depressive disorder, single episode, severe with psychotic features' },
  { code: 'F32.4', display: 'Major depressive disorder, single episode, in partial remission' },
  { code: 'F32.5', display: 'Major depressive disorder, single episode, in full remission' },
  { code: 'F32.9', display: 'Major depressive disorder, single episode, unspecified' },
  { code: 'F33.0', display: 'Major depressive disorder, recurrent, mild' },
  { code: 'F33.1', display: 'Major depressive disorder, recurrent, moderate' },
  { code: 'F33.2', display: 'Major depressive disorder, recurrent severe without psychotic features' },
  { code: 'F33.3', display: 'Major depressive disorder, recurrent, severe with psychotic symptoms' },
  { code: 'F33.41', display: 'Major depressive disorder, recurrent, in partial remission' },
  { code: 'F33.42', display: 'Major depressive disorder, recurrent, in full remission' },
  { code: 'F33.9', display: 'Major depressive disorder, recurrent, unspecified' },
  { code: 'F41.1', display: 'Generalized anxiety disorder' },
  { code: 'F43.10', display: 'Post-traumatic stress disorder, unspecified' },
  { code: 'F43.11', display: 'Post-traumatic stress disorder, acute' },
  { code: 'F43.12', display: 'Post-traumatic stress disorder, chronic' },
  { code: 'F42.2', display: 'Mixed obsessional thoughts and acts' },
  { code: 'R45.851', display: 'Suicidal ideations' },
];
