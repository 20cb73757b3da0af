// The instruments Liminal ships: only ones that are free to implement (DOMAIN.md §4). Licensed
// instruments (C-SSRS, Y-BOCS, MEQ-30, ...) reach a clinic through import.ts instead.

import { ASQ } from './asq';
import { LIMINAL_DISSOCIATION, LIMINAL_EXPERIENCE } from './experience';
import { GAD7 } from './gad7';
import { PCL5 } from './pcl5';
import { PHQ9 } from './phq9';
import type { InstrumentDefinition } from './types';

export { ASQ, GAD7, PCL5, PHQ9 };

// The last two are Liminal's own end-of-session ratings (experience.ts): not validated, rated on a session.
export const SHIPPED_INSTRUMENTS: readonly InstrumentDefinition[] = Object.freeze([
  PHQ9,
  GAD7,
  PCL5,
  ASQ,
  LIMINAL_EXPERIENCE,
  LIMINAL_DISSOCIATION,
]);

export type ShippedInstrumentId = 'phq9' | 'gad7' | 'pcl5' | 'asq' | 'lxr' | 'lds';

/** The shipped instrument with this id, or undefined. Imported instruments live in the database. */
export function getInstrument(id: string): InstrumentDefinition | undefined {
  return SHIPPED_INSTRUMENTS.find((def) => def.id === id);
}
