import type { Credentials } from '../../../contracts/ledger';
import { type Executor, toBool } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { decryptSecret } from '../../platform/crypto';
import { AppError, invalid } from '../../platform/errors';
import { verifyPassword } from '../../platform/passwords';
import { hasPermission, type Permission } from '../../platform/permissions';
import { checkThrottle, clearFailures, recordFailure, throttleKey } from '../../platform/throttle';
import { checkTotp } from '../auth';
import { consumeTotpStep, findUserByEmail } from '../users';

/**
 * Second-person confirmation on the same screen (DOMAIN §6: waste and adjust need a witness, destroy two —
 * 21 CFR 1317.95(d); use of an expired lot needs a prescriber). Each person proves presence with their own
 * password and, when their account has MFA, a current code. The checks run before the ledger transaction
 * (argon2 is slow and must not hold the chain lock); the code's time step is consumed inside it, so a failure
 * anywhere rolls the whole write back and nothing changes.
 *
 * Witness checks are a password oracle for colleagues' accounts, so they share the sign-in throttle: failures
 * count towards the same per-account delay (S8), and each one is audited.
 */
export interface Confirmed {
  userId: string;
  name: string;
  field: string;
  step: number | null;
}

export interface ConfirmOptions {
  /** Dotted field path of the list (`witnesses`) or of a single person (`expiredOverride.prescriber`). */
  field: string;
  list: boolean;
  permission: Permission;
  /** The role word used in messages. */
  who: string;
  /** The actor signs their own record (inventory); otherwise the actor may never confirm their own entry. */
  self?: boolean;
}

const GENERIC = 'email, password or code is not correct';

export async function confirmPeople(
  ctx: AppContext,
  auth: AuthContext,
  people: Credentials[],
  opts: ConfirmOptions,
): Promise<Confirmed[]> {
  const out: Confirmed[] = [];
  const seen = new Set<string>();
  for (const [i, c] of people.entries()) {
    const field = opts.list ? `${opts.field}.${i}` : opts.field;
    const email = c.email.trim().toLowerCase();
    if (!opts.self && email === auth.email.toLowerCase()) {
      throw invalid(`${field}.email`, `You cannot be the ${opts.who} of your own entry`);
    }
    if (seen.has(email)) throw invalid(`${field}.email`, `The same ${opts.who} is listed twice`);
    seen.add(email);
    out.push(await confirmOne(ctx, auth, { ...c, email }, field, opts));
  }
  return out;
}

async function confirmOne(
  ctx: AppContext,
  auth: AuthContext,
  c: Credentials,
  field: string,
  opts: ConfirmOptions,
): Promise<Confirmed> {
  const { db, clock } = ctx;
  const key = throttleKey('login', c.email);
  const throttle = await checkThrottle(db, clock, key);
  if (throttle.locked) {
    throw new AppError(
      'login_throttled',
      `Too many failed attempts for this ${opts.who}. Try again in ${throttle.retryAfterSec} seconds.`,
      [{ field, message: 'Too many failed attempts; try again later' }],
      { retryAfterSec: throttle.retryAfterSec },
    );
  }
  const user = await findUserByEmail(db, c.email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, c.password);
  if (!user || !passwordOk || user.status !== 'active' || user.role === 'patient') {
    return fail(
      ctx,
      auth,
      key,
      field,
      user?.id ?? null,
      !user ? 'unknown_account' : passwordOk ? `account_${user.status}` : 'wrong_password',
      opts.who,
    );
  }
  let step: number | null = null;
  if (toBool(user.mfa_enabled) && user.mfa_secret_enc) {
    if (!c.code) throw invalid(`${field}.code`, `Enter the ${opts.who}'s authenticator code`);
    step = await checkTotp(decryptSecret(ctx.secretKey, user.mfa_secret_enc), c.code, clock);
    if (step === null) return fail(ctx, auth, key, `${field}.code`, user.id, 'wrong_code', opts.who);
  }
  if (!hasPermission(user.role, opts.permission)) {
    throw invalid(field, `${user.name} cannot act as ${opts.who} (needs ${opts.permission})`);
  }
  await clearFailures(db, key);
  return { userId: user.id, name: user.name, field, step };
}

async function fail(
  ctx: AppContext,
  auth: AuthContext,
  key: string,
  field: string,
  userId: string | null,
  reason: string,
  who: string,
): Promise<never> {
  await recordFailure(ctx.db, ctx.clock, key);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, ctx.clock, auth, {
      action: 'ledger.confirm',
      outcome: 'failed',
      objectType: 'user',
      objectId: userId,
      detail: { field, reason },
    }),
  );
  throw invalid(field, `The ${who}'s ${GENERIC}`);
}

/** Inside the write transaction: each TOTP step is used once (S10), so a replayed code fails the write. */
export async function consumeConfirmations(trx: Executor, confirmed: Confirmed[]): Promise<void> {
  for (const c of confirmed) {
    if (c.step !== null && !(await consumeTotpStep(trx, c.userId, c.step))) {
      throw invalid(`${c.field}.code`, 'This code was already used; wait for the next one');
    }
  }
}
