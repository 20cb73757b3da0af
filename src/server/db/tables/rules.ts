/** The clinic's safety rules, one row per published version (insert-only, 0018_rule_sets). */
export interface ClinicRuleSetsTable {
  version: number;
  rules: string; // JSON VitalRule[] (before the dose, during the session, at-home check-in)
  dose_limits: string; // JSON DoseLimit[]
  note: string | null;
  /** null for version 1, made by the migration from the shipped defaults. */
  published_by: string | null;
  published_at: string;
}

export interface RuleTables {
  clinic_rule_sets: ClinicRuleSetsTable;
}
