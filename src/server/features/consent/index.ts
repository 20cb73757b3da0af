// What other features and the FHIR adapter use of consent (see the feature's routes for its API).
export { consentStatusOf, ensureConsentTemplate, signaturesWhere } from './repository';
