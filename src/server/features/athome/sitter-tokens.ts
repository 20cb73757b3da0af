import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { sitterInviteBody } from '../../../contracts/athome';
import { SITTER_LINK_LIVE } from '../../../domain/athome';
import type { Executor } from '../../db/dialect';
import { randomToken, sha256 } from '../../platform/crypto';
import { conflict } from '../../platform/errors';
import * as repo from './repository';
import type { Actor, AtHomeCore } from './service';

/**
 * The sitter's credentials (DOMAIN §7: no account). The patient's invitation makes a one-time code, shown to
 * the patient once as a link and as 12 characters to read out; the sitter spends it to confirm their presence
 * and receives their own token for the rest of the session. Only hashes are stored. Both stop working when the
 * session is checked out or closed; a code works once.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: read out over the phone
export const CODE_LENGTH = 12;

export function newSitterCode(): string {
  let raw = '';
  for (let i = 0; i < CODE_LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/** A code is typed by hand (any case, with or without dashes); a token is used as sent. */
export function hashSitterSecret(sent: string): string {
  const trimmed = sent.trim();
  const normal = trimmed.length <= 20 ? trimmed.toUpperCase().replace(/[^A-Z0-9]/g, '') : trimmed;
  return sha256(`liminal-sitter:${normal}`);
}

export const newSitterToken = () => randomToken(32);

export const sitterLinkLive = (s: repo.SessionRow) => SITTER_LINK_LIVE.includes(s.state as never);

/**
 * Finds the one session a sitter's secret opens: their token, or (for reading and confirming) the code not
 * yet spent. Anything else — a wrong secret, a spent code, a session checked out or closed — is `null`, and
 * the caller answers exactly as for a missing session.
 */
export async function sessionForSitter(
  db: Executor,
  sent: string | undefined,
  accept: 'token' | 'code' | 'either',
): Promise<{ session: repo.SessionRow; via: 'token' | 'code' } | null> {
  if (!sent || sent.length > 200) return null;
  const hash = hashSitterSecret(sent);
  if (accept !== 'code') {
    const s = await repo.sessionByAccessHash(db, hash);
    if (s && sitterLinkLive(s)) return { session: s, via: 'token' };
  }
  if (accept !== 'token') {
    const s = await repo.sessionByInviteHash(db, hash);
    if (s && sitterLinkLive(s)) return { session: s, via: 'code' };
  }
  return null;
}

export async function issueSitterInvite(
  core: AtHomeCore,
  trx: Executor,
  s: repo.SessionRow,
  body: z.infer<typeof sitterInviteBody>,
  actor: Actor,
) {
  if (!sitterLinkLive(s)) throw conflict('This session has ended: a sitter can no longer be invited.');
  // A sitter who confirmed stays the sitter (the check-in counted them); a new link for them replaces the old
  // code, e.g. when the first message was lost. Naming someone else then goes through the care team.
  if (s.sitter_confirmed_at && s.sitter_name !== body.name)
    throw conflict(`${s.sitter_name ?? 'Your sitter'} has confirmed. To change sitter, call your care team.`);
  const code = newSitterCode();
  await core.save(trx, s, {
    sitter_name: body.name,
    sitter_phone: body.phone,
    sitter_invite_hash: hashSitterSecret(code),
    sitter_invited_at: core.now(),
  });
  await core.event(trx, s, actor, 'sitter_invited', { data: { again: s.sitter_invited_at !== null } });
  const link = `${core.ctx.config.publicUrl}/sitter#${code}`;
  return {
    code,
    link,
    expires: 'When the session is checked out or closed. The code works once, to confirm.',
    delivery: 'patient_forwards' as const,
    message: `Liminal does not send text messages: send your sitter this link (or read them the code ${code}). They open it on their own phone and confirm that they are with you.`,
  };
}
