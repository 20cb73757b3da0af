import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Executor } from '../../db/dialect';
import type { Clock } from '../../platform/clock';
import { sha256 } from '../../platform/crypto';
import { markRecoveryCodeUsed, replaceRecoveryCodes } from '../users';

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s) as every authenticator app expects, with ±1 step of clock drift.
 * A code is accepted once: the last accepted time step is stored and only later steps pass (S10).
 */
export const TOTP_TOLERANCE_SEC = 30;

export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, email: string, issuer: string): string =>
  generateURI({ issuer, label: email, secret });

export const qrDataUrl = (uri: string): Promise<string> => QRCode.toDataURL(uri, { margin: 1, width: 220 });

/** Returns the matched time step, or null. */
export async function checkTotp(secret: string, code: string, clock: Clock): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(clock.now().getTime() / 1000),
    epochTolerance: TOTP_TOLERANCE_SEC,
  }).catch(() => ({ valid: false as const }));
  if (!result.valid) return null;
  // TOTP results carry the matched time step (RFC 6238 T); the type is shared with HOTP, hence the check.
  return 'timeStep' in result ? (result as { timeStep: number }).timeStep : null;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const normaliseRecoveryCode = (code: string) =>
  code
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export async function storeRecoveryCodes(
  db: Executor,
  userId: string,
  codes: string[],
  now: string,
): Promise<void> {
  await replaceRecoveryCodes(
    db,
    userId,
    codes.map((c) => sha256(normaliseRecoveryCode(c))),
    now,
  );
}

/** Single use: the update only matches an unused code, so two racing uses cannot both pass. */
export async function consumeRecoveryCode(
  db: Executor,
  userId: string,
  code: string,
  now: string,
): Promise<boolean> {
  return markRecoveryCodeUsed(db, userId, sha256(normaliseRecoveryCode(code)), now);
}
