import type { Executor } from '../../db/dialect';
import type { UsersTable } from '../../db/schema';

/** All SQL about user accounts. */
export type UserRow = UsersTable;

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();

export const findUserById = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const listUsers = (db: Executor) =>
  db.selectFrom('users').selectAll().where('role', '!=', 'patient').orderBy('name').execute();

export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Partial<UserRow>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Users' names by id (ids that are null or unknown are left out). */
export async function userNames(db: Executor, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Licences in force of active staff expiring on or before `until`, soonest first, with the holder's name (a
 * query, paged by the worklist).
 */
export const expiringLicencesQuery = (db: Executor, until: string) =>
  db
    .selectFrom('staff_licences as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.state', 'l.licence_type', 'l.expires_on', 'u.name', 'u.id as user_id'])
    .where('l.removed_at', 'is', null)
    .where('u.status', '=', 'active')
    .where('l.expires_on', '<=', until)
    .orderBy('l.expires_on')
    .orderBy('l.id');

// ── Read by the FHIR interface (fhir/sources/directory.ts) ──────────────────────────────────────────
/** Staff (every role but patient) by id (null: any), in id order. */
export const staffWhere = (db: Executor, ids: readonly string[] | null) =>
  db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'status', 'updated_at'])
    .where('role', '!=', 'patient')
    .$if(ids !== null, (q) => q.where('id', 'in', ids as string[]))
    .orderBy('id')
    .execute();

/** The licences in force of these users, by state. */
export const licencesInForceOf = (db: Executor, userIds: readonly string[]) =>
  db
    .selectFrom('staff_licences')
    .select(['user_id', 'state', 'licence_type', 'number', 'expires_on'])
    .where('removed_at', 'is', null)
    .where('user_id', 'in', [...userIds])
    .orderBy('state')
    .execute();
