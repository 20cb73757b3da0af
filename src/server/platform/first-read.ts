import type { SelectQueryBuilder } from 'kysely';
import { compiledOnce } from '../db/compiled-once';
import type { Executor } from '../db/dialect';
import type { AuthContext } from './auth-context';
import { hasPermission, type Permission, ROLES } from './permissions';
import { sessionWithUserAndReadQuery } from './repository/sessions';

// biome-ignore lint/suspicious/noExplicitAny: a read's query selects from any of the schema's tables
type AnySelect = SelectQueryBuilder<any, any, any>;

/** A request's first read, planned by its route before the session is read: the reader and its arguments. */
export interface FoldPlan {
  readonly reader: PatientFirstRead<readonly string[], unknown>;
  /** The patient's id first, then the reader's other arguments. */
  readonly args: readonly string[];
}

/** An id as the clinic's records store them; anything else is never folded (the route answers it as usual). */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A read of one patient's record that checks access and reads what the request needs in one statement (the
 * access check's query with more columns: repository/patients.ts `accessCheckQuery`, handed to `withPatient`'s
 * or `withPatientRead`'s `read`), and that a route may fold into the statement reading its session (issue #23).
 *
 * On PostgreSQL every statement is a round trip, and a signed-in read of one patient made two: the session (with
 * its account) and this read. A route that declares its first read (its config's `firstRead`) has both read by
 * one statement: the session joined with its account and, laterally, with this read — run only for an account
 * whose role holds `permission` and that has passed its MFA step or has none. The access hook decides access from the session's columns exactly as before;
 * the row read with them is kept on the request's AuthContext, and `readFor` hands it to the access check in
 * place of its own statement when the request reads the same patient with the same arguments, once. The row is
 * checked like any other (scope.ts): the fold changes when it is read (a moment earlier, within the same request),
 * never who may see it. SQLite answers in process, where a statement more costs little; there nothing is folded.
 * A write may declare one too when its access check reads before its transaction begins (scope.ts
 * `withPatientChange`: the monitoring entry); with its Idempotency-Key the same statement reads what the account
 * recorded under the key, for the replay check.
 */
export class PatientFirstRead<A extends readonly string[], R> {
  /** Roles whose accounts have the read folded: those holding the permission the read needs. */
  private readonly roles: readonly string[];
  private readonly alone: (db: Executor, patientId: string, ...args: A) => Promise<Record<string, unknown>[]>;
  private readonly folded: (
    db: Executor,
    tokenHash: string,
    patientId: string,
    ...args: A
  ) => Promise<Record<string, unknown>[]>;
  private readonly foldedWithKey: (
    db: Executor,
    tokenHash: string,
    key: string,
    patientId: string,
    ...args: A
  ) => Promise<Record<string, unknown>[]>;

  constructor(
    private readonly spec: {
      /** The read: `accessCheckQuery(db, patientId)` with more columns (each argument reaching it as a parameter). */
      query: (db: Executor, patientId: string, ...args: A) => AnySelect;
      /** The row as the statement answers it, to what the work receives. */
      decode: (raw: Record<string, unknown>) => R;
      permission: Permission;
    },
  ) {
    this.roles = ROLES.filter((r) => hasPermission(r, spec.permission));
    // Both compiled once per engine (db/compiled-once.ts): each is read on every request of its route.
    this.alone = compiledOnce((db: Executor, patientId: string, ...args: A) =>
      spec.query(db, patientId, ...args),
    ) as typeof this.alone;
    this.folded = compiledOnce((db: Executor, tokenHash: string, patientId: string, ...args: A) =>
      sessionWithUserAndReadQuery(db, tokenHash, spec.query(db, patientId, ...args), this.roles),
    ) as unknown as typeof this.folded;
    this.foldedWithKey = compiledOnce(
      (db: Executor, tokenHash: string, key: string, patientId: string, ...args: A) =>
        sessionWithUserAndReadQuery(db, tokenHash, spec.query(db, patientId, ...args), this.roles, key),
    ) as unknown as typeof this.foldedWithKey;
  }

  /** The read in a statement of its own. */
  async read(db: Executor, patientId: string, ...args: A): Promise<R | undefined> {
    const [raw] = await this.alone(db, patientId, ...args);
    return raw ? this.spec.decode(raw) : undefined;
  }

  /**
   * The read for `withPatient`/`withPatientRead`'s `read`: the row the access hook folded into the session's
   * statement when it was read for this reader, this patient and these arguments (taken once), else its own.
   */
  readFor(auth: AuthContext, ...args: A): (db: Executor, patientId: string) => Promise<R | undefined> {
    return async (db, patientId) => {
      const f = auth.firstRead;
      if (f && f.reader === this && f.args[0] === patientId && args.every((a, i) => f.args[i + 1] === a)) {
        auth.firstRead = undefined;
        return f.row as R | undefined;
      }
      return this.read(db, patientId, ...args);
    };
  }

  /** A plan for a route's `firstRead` (undefined, and nothing folded, when `patientId` is not a record's id). */
  plan(patientId: unknown, ...args: A): FoldPlan | undefined {
    if (typeof patientId !== 'string' || !ID.test(patientId)) return undefined;
    return { reader: this as unknown as FoldPlan['reader'], args: [patientId, ...args] };
  }

  /**
   * Runs a plan's statement: the session's row with this read's columns (platform/sessions.ts splits them); with
   * `key`, a write's Idempotency-Key, what the account recorded under it as well.
   */
  fold(
    db: Executor,
    tokenHash: string,
    args: readonly string[],
    key?: string,
  ): Promise<Record<string, unknown>[]> {
    const [patientId, ...rest] = args as [string, ...string[]];
    return key === undefined
      ? this.folded(db, tokenHash, patientId, ...(rest as unknown as A))
      : this.foldedWithKey(db, tokenHash, key, patientId, ...(rest as unknown as A));
  }

  /**
   * What the read's columns of the folded row hand on, for an account of `role` that has passed its MFA step or
   * has none (`mfaPassed`: the statement's own condition); undefined when the read did not run.
   */
  taken(raw: Record<string, unknown>, role: string, mfaPassed: boolean): { row: R | undefined } | undefined {
    if (!mfaPassed || !this.roles.includes(role)) return undefined;
    // Every read has the patient's id; a null one means the lateral read found no such patient.
    return { row: raw.id === null || raw.id === undefined ? undefined : this.spec.decode(raw) };
  }
}
