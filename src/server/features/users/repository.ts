import { randomUUID } from 'node:crypto';
import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type { InvitesTable, StaffLicencesTable, UsersTable } from '../../db/schema';

/** All SQL about user accounts: staff and patient logins, licences, invitation links, two-factor codes. */
export type UserRow = UsersTable;

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();

export const findUserById = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const listUsers = (db: Executor) =>
  db.selectFrom('users').selectAll().where('role', '!=', 'patient').orderBy('name').execute();

/** Active staff, by name, for care-team and witness pickers; of one role when given. */
export function listActiveStaff(db: Executor, role?: string) {
  let q = db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('status', '=', 'active')
    .where('role', '!=', 'patient');
  if (role) q = q.where('role', '=', role);
  return q.orderBy('name').execute();
}

// ── Licences ────────────────────────────────────────────────────────────────────────────────────────
export type LicenceRow = StaffLicencesTable;

/** A staff member's licences in force (not removed), soonest to expire first. */
export const licencesOf = (db: Executor, userId: string) =>
  db
    .selectFrom('staff_licences')
    .selectAll()
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .orderBy('expires_on')
    .execute();

export async function insertLicence(db: Executor, row: LicenceRow): Promise<void> {
  await db.insertInto('staff_licences').values(row).execute();
}

/** Marks the licence removed (kept in history); false when the user has no such licence in force. */
export async function removeLicence(
  db: Executor,
  userId: string,
  licenceId: string,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('staff_licences')
    .set({ removed_at: now })
    .where('id', '=', licenceId)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Licences in force of active staff that expire on or before `until`, soonest first, with the holder's name. */
export const licencesExpiringBy = (db: Executor, until: string) =>
  db
    .selectFrom('staff_licences as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .selectAll('l')
    .select('u.name')
    .where('l.removed_at', 'is', null)
    .where('u.status', '=', 'active')
    .where('l.expires_on', '<=', until)
    .orderBy('l.expires_on')
    .execute();

// ── Invitations and password-reset links ────────────────────────────────────────────────────────────
export type InviteRow = InvitesTable;

/** Older unused links for the account stop working (marked used at `now`). */
export async function retireUnusedInvites(db: Executor, userId: string, now: string): Promise<void> {
  await db
    .updateTable('invites')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

export async function insertInvite(db: Executor, row: InviteRow): Promise<void> {
  await db.insertInto('invites').values(row).execute();
}

export const findInviteByTokenHash = (db: Executor, tokenHash: string) =>
  db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

/** Marks the link used; false when it was already used (two racing uses cannot both pass). */
export async function markInviteUsed(db: Executor, id: string, now: string): Promise<boolean> {
  const used = await db
    .updateTable('invites')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

// ── Two-factor authentication ───────────────────────────────────────────────────────────────────────
/** Records the step atomically: a concurrent replay of the same code updates nothing and fails. */
export async function consumeTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ mfa_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The account's recovery codes (hashes) replace any it had. */
export async function replaceRecoveryCodes(
  db: Executor,
  userId: string,
  codeHashes: string[],
  now: string,
): Promise<void> {
  await deleteRecoveryCodes(db, userId);
  await db
    .insertInto('recovery_codes')
    .values(
      codeHashes.map((codeHash) => ({
        id: randomUUID(),
        user_id: userId,
        code_hash: codeHash,
        used_at: null,
        created_at: now,
      })),
    )
    .execute();
}

export async function deleteRecoveryCodes(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

/** Single use: the update only matches an unused code, so two racing uses cannot both pass. */
export async function markRecoveryCodeUsed(
  db: Executor,
  userId: string,
  codeHash: string,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The patient's portal account, if one was ever created. */
const portalAccountOf = compiledOnce((db: Executor, patientId: string) =>
  db.selectFrom('users').selectAll().where('patient_id', '=', patientId),
);
export const findPortalAccount = async (db: Executor, patientId: string) =>
  (await portalAccountOf(db, patientId))[0];

/** Role and status of each of these accounts (those that exist). */
export const rolesOf = (db: Executor, ids: string[]) =>
  ids.length
    ? db.selectFrom('users').select(['id', 'role', 'status']).where('id', 'in', ids).execute()
    : Promise.resolve([]);

// ── Accounts ────────────────────────────────────────────────────────────────────────────────────────
export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Partial<UserRow>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Active admins, to be told of what needs their review. */
export const listActiveAdmins = (db: Executor) =>
  db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .execute();

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
