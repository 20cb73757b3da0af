// What other features and the FHIR adapter use of consent (see the feature's routes for its API).
export {
  consentStatusFrom,
  consentStatusOf,
  ensureConsentTemplate,
  KAP_CONSENT_KIND,
  signaturesWhere,
} from './repository';
