// What other features use of consent (see the feature's routes for its API).
export { consentStatusOf, ensureConsentTemplate } from './repository';
