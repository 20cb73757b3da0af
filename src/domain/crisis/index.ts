export type { CrisisPhrase, CrisisScreen } from './language';
export { CRISIS_PHRASES, CRISIS_RESOURCES, normaliseForScreening, screenForCrisis } from './language';
