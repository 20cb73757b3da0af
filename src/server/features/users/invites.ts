import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/dialect';
import { sha256 } from '../../platform/crypto';
import { insertInvite, retireUnusedInvites } from './repository';

/** A link that sets the account's password: an invitation, or a reset. Only a hash of the token is kept. */
export async function createInvite(
  trx: Executor,
  userId: string,
  token: string,
  purpose: 'invite' | 'reset',
  createdBy: string | null,
  now: Date,
  ttlHours: number,
): Promise<void> {
  // Older unused links for the same account stop working when a new one is issued.
  await retireUnusedInvites(trx, userId, now.toISOString());
  await insertInvite(trx, {
    id: randomUUID(),
    user_id: userId,
    token_hash: sha256(token),
    purpose,
    expires_at: new Date(now.getTime() + ttlHours * 3_600_000).toISOString(),
    used_at: null,
    created_by: createdBy,
    created_at: now.toISOString(),
  });
}
