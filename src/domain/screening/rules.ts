import { ABSOLUTE_RULES, UNTIL_RESOLVED_RULES } from './rules-absolute';
import { AT_HOME_RULES, INTERACTION_RULES } from './rules-at-home';
import { RELATIVE_RULES } from './rules-relative';
import type { ScreeningRule } from './types';

/**
 * Shipped default contraindication rules. They are defaults, not constants: a clinic's medical
 * director can move any rule between absolute and relative (see overrides.ts), and the UI shows each
 * rule's basis and source.
 *
 * level    absolute → cannot start; relative → prescriber decides and records why;
 *          interaction → an interacting medicine, reviewed like a relative rule.
 * basis    'label' → stated in US product labelling (a contraindication, the REMS, or a named drug
 *          interaction); 'policy' → common practice in KAP clinics, which the UI must present as such.
 */
export const DEFAULT_SCREENING_RULES: readonly ScreeningRule[] = [
  ...ABSOLUTE_RULES,
  ...UNTIL_RESOLVED_RULES,
  ...RELATIVE_RULES,
  ...AT_HOME_RULES,
  ...INTERACTION_RULES,
];
