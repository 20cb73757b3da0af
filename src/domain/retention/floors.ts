/**
 * Retention floors (SECURITY.md S18): how long each kind of record must be kept before anything may even be
 * considered for deletion. Pure data and date arithmetic, no I/O. A floor is a minimum: a clinic may keep
 * records longer (state law often asks for more, e.g. until a minor patient's majority plus several years),
 * never shorter.
 *
 * Liminal ships no purge path at all (see the README, "Retention"): the report built from these floors only
 * says what has passed its floor. Deleting anything is an administrator's decision taken outside the app,
 * and the audit log and ledger refuse UPDATE/DELETE at the database level whatever their age.
 */
export type RecordClass = 'audit' | 'ledger' | 'clinical';

export interface RetentionFloor {
  recordClass: RecordClass;
  label: string;
  /** Minimum years to keep, counted from when the record was made (or signed). */
  years: number;
  /** The rule the floor comes from, as shown to admins. */
  source: string;
}

export const RETENTION_FLOORS: Readonly<Record<RecordClass, RetentionFloor>> = Object.freeze({
  audit: {
    recordClass: 'audit',
    label: 'Audit log',
    years: 6,
    source:
      'HIPAA 45 CFR 164.316(b)(2)(i): documentation required by the Security Rule (including audit records, 164.312(b)) is kept 6 years from its creation or last effective date',
  },
  ledger: {
    recordClass: 'ledger',
    label: 'Controlled-substance ledger',
    years: 2,
    source:
      '21 CFR 1304.04(a): DEA records and inventories are kept at least 2 years from the date of the inventory or record',
  },
  clinical: {
    recordClass: 'clinical',
    label: 'Signed clinical records',
    years: 6,
    source:
      'Clinic policy, never below 6 years: state medical-record laws differ (many ask for 7 to 10 years, longer for minors) and no single federal rule sets a figure, so the floor matches the HIPAA documentation period (45 CFR 164.316(b)(2)(i))',
  },
});

/** The minimum a clinic policy for clinical records may set. */
export const CLINICAL_MINIMUM_YEARS = RETENTION_FLOORS.clinical.years;

export interface EffectiveFloor extends RetentionFloor {
  /** Years the clinic's policy asked for, when it set one. */
  policyYears: number | null;
  /** The policy asked for less than the floor, which therefore applies instead. */
  policyBelowFloor: boolean;
}

/**
 * The floor that applies: the statutory/default floor, raised (never lowered) by the clinic's policy for
 * clinical records. Audit and ledger floors are not a clinic choice here: a longer local rule is met by the
 * absence of any purge path.
 */
export function effectiveFloor(
  recordClass: RecordClass,
  clinicalPolicyYears?: number | null,
): EffectiveFloor {
  const base = RETENTION_FLOORS[recordClass];
  const policy =
    recordClass === 'clinical' &&
    typeof clinicalPolicyYears === 'number' &&
    Number.isFinite(clinicalPolicyYears)
      ? clinicalPolicyYears
      : null;
  if (policy === null) return { ...base, policyYears: null, policyBelowFloor: false };
  return {
    ...base,
    years: Math.max(base.years, policy),
    policyYears: policy,
    policyBelowFloor: policy < base.years,
    source: policy > base.years ? `Clinic policy (${policy} years); at least: ${base.source}` : base.source,
  };
}

/**
 * The instant `years` calendar years before `now` (UTC). Rows made before it have passed the floor; rows
 * made at or after it have not. 29 February steps back to 28 February in a common year, so the cutoff is
 * never later than the anniversary (a row is never called eligible a day early).
 */
export function retentionCutoff(now: Date, years: number): Date {
  if (!Number.isInteger(years) || years < 0)
    throw new RangeError(`years must be a whole number ≥ 0, got ${years}`);
  const y = now.getUTCFullYear() - years;
  const m = now.getUTCMonth();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(now.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(y, m, d, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()),
  );
}

/** Whether a record made at `madeAt` has passed a floor of `years` at `now` (strictly older than the cutoff). */
export function isPastFloor(madeAt: string | Date, now: Date, years: number): boolean {
  const t = typeof madeAt === 'string' ? new Date(madeAt) : madeAt;
  if (Number.isNaN(t.getTime())) return false; // unreadable dates are kept
  return t.getTime() < retentionCutoff(now, years).getTime();
}
