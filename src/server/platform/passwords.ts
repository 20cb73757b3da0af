import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 exports Algorithm as a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2;

/**
 * argon2id with OWASP's minimum recommended cost (19 MiB, 2 iterations, 1 lane): ASVS 2.4 / S7.
 */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

// Verifying against this hash when the account does not exist makes unknown emails cost the same time.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => {
  dummyHash ??= hash('liminal-timing-equaliser', ARGON2_OPTIONS);
  return dummyHash;
};

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await getDummyHash(), password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** ASVS 2.1: at least 12 characters, any characters allowed, no composition rules; capped for hashing. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
