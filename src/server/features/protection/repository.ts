import type { Executor } from '../../db/dialect';

/** Every query of the data-protection feature (issue #20): chain heads, one entry's hash, the admins to tell. */

export const chainHeads = (db: Executor) =>
  db.selectFrom('chain_heads').select(['chain', 'seq', 'hash', 'count']).execute();

/** The hash stored for one audit entry (undefined: no entry with that sequence number). */
export const auditHashAt = (db: Executor, seq: number) =>
  db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();

/** The hash stored for one ledger event. */
export const ledgerHashAt = (db: Executor, seq: number) =>
  db.selectFrom('ledger_events').select('hash').where('seq', '=', seq).executeTakeFirst();

export const activeAdmins = (db: Executor) =>
  db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('email')
    .execute();
