import type { Me } from '../../../contracts/auth';
import { toBool } from '../../db/dialect';
import { nextAuthStep } from '../../platform/access-hook';
import { appendAudit } from '../../platform/audit';
import { type AuthContext, type RequestMeta, sessionAuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { decryptSecret, encryptSecret, sha256 } from '../../platform/crypto';
import { AppError } from '../../platform/errors';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import type { SessionRecord } from '../../platform/sessions';
import {
  checkThrottle,
  clearFailures,
  hitRateLimit,
  recordFailure,
  throttleKey,
} from '../../platform/throttle';
import {
  consumeTotpStep,
  findInviteByTokenHash,
  findUserByEmail,
  findUserById,
  markInviteUsed,
  type UserRow,
  updateUser,
} from '../users';
import {
  checkTotp,
  consumeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  qrDataUrl,
  storeRecoveryCodes,
  totpUri,
} from './mfa';

export class AuthService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * Sign-in (S7, S8, S9). Unknown email, wrong password and a disabled account give the same answer in
   * similar time; per-IP rate limit and per-account progressive delay are kept in the database.
   */
  async login(
    meta: RequestMeta,
    body: { email: string; password: string },
    userAgent: string | null,
    previousSessionId: string | null,
  ): Promise<{ token: string; me: Me }> {
    const { db, clock, config } = this.ctx;
    const ipLimit = await hitRateLimit(
      db,
      clock,
      `login-ip:${meta.ip ?? 'unknown'}`,
      config.LOGIN_RATE_LIMIT_PER_MINUTE,
      60_000,
    );
    if (!ipLimit.allowed) {
      throw new AppError(
        'rate_limited',
        `Too many sign-in attempts from this network. Try again in ${ipLimit.retryAfterSec} seconds.`,
        undefined,
        { retryAfterSec: ipLimit.retryAfterSec },
      );
    }
    const key = throttleKey('login', body.email);
    const throttle = await checkThrottle(db, clock, key);
    if (throttle.locked) {
      throw new AppError(
        'login_throttled',
        `Too many failed attempts for this account. Try again in ${throttle.retryAfterSec} seconds.`,
        undefined,
        { retryAfterSec: throttle.retryAfterSec },
      );
    }
    const user = await findUserByEmail(db, body.email);
    const passwordOk = await verifyPassword(user?.password_hash ?? null, body.password);
    if (!user || !passwordOk || user.status !== 'active') {
      await recordFailure(db, clock, key);
      await db.transaction().execute((trx) =>
        appendAudit(trx, clock, meta, {
          action: 'auth.login',
          outcome: 'failed',
          objectType: 'user',
          objectId: user?.id ?? null,
          detail: {
            reason: !user
              ? 'unknown_account'
              : user.status !== 'active'
                ? `account_${user.status}`
                : 'wrong_password',
          },
        }),
      );
      throw new AppError('invalid_credentials');
    }
    await clearFailures(db, key);
    const mfaEnabled = toBool(user.mfa_enabled);
    const created = await db.transaction().execute(async (trx) => {
      // A new session id at every sign-in; any session the browser presented is ended (fixation).
      if (previousSessionId) await this.ctx.sessions.end(previousSessionId, 'replaced_at_login', trx);
      const s = await this.ctx.sessions.create(user.id, { mfaVerified: false, ip: meta.ip, userAgent }, trx);
      await appendAudit(
        trx,
        clock,
        { ...sessionAuthContext(user, s.session, meta) },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          detail: { mfa: mfaEnabled ? 'pending' : 'not_enrolled' },
        },
      );
      return s;
    });
    return { token: created.token, me: this.present(user, created.session) };
  }

  async me(auth: AuthContext, session: SessionRecord): Promise<Me> {
    const user = await findUserById(this.ctx.db, auth.userId);
    if (!user) throw new AppError('unauthenticated');
    return this.present(user, session);
  }

  async logout(auth: AuthContext): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.ctx.sessions.end(auth.sessionId, 'logout', trx);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'auth.logout',
        objectType: 'user',
        objectId: auth.userId,
      });
    });
  }

  async verifyMfa(
    auth: AuthContext,
    session: SessionRecord,
    body: { code?: string; recoveryCode?: string },
  ): Promise<Me> {
    const { db, clock } = this.ctx;
    const user = await findUserById(db, auth.userId);
    if (!user || !toBool(user.mfa_enabled) || !user.mfa_secret_enc) {
      throw new AppError('conflict', 'Two-factor authentication is not set up for this account.');
    }
    const key = throttleKey('mfa', user.id);
    const throttle = await checkThrottle(db, clock, key);
    if (throttle.locked) {
      throw new AppError(
        'login_throttled',
        `Too many wrong codes. Try again in ${throttle.retryAfterSec} seconds.`,
        undefined,
        { retryAfterSec: throttle.retryAfterSec },
      );
    }
    let ok = false;
    let method = 'totp';
    if (body.code) {
      const step = await checkTotp(decryptSecret(this.ctx.secretKey, user.mfa_secret_enc), body.code, clock);
      ok = step !== null && (await consumeTotpStep(db, user.id, step));
    } else if (body.recoveryCode) {
      method = 'recovery_code';
      ok = await consumeRecoveryCode(db, user.id, body.recoveryCode, clock.now().toISOString());
    }
    await db.transaction().execute(async (trx) => {
      if (ok) await this.ctx.sessions.markMfaVerified(session.id, trx);
      await appendAudit(trx, clock, auth, {
        action: 'auth.mfa_verify',
        outcome: ok ? 'allowed' : 'failed',
        objectType: 'user',
        objectId: user.id,
        detail: { method },
      });
    });
    if (!ok) {
      await recordFailure(db, clock, key);
      throw new AppError('invalid_mfa_code', 'That code is not correct or was already used.', [
        {
          field: body.code ? 'code' : 'recoveryCode',
          message: 'That code is not correct or was already used',
        },
      ]);
    }
    await clearFailures(db, key);
    return this.present(user, { ...session, mfaVerified: true });
  }

  async setupMfa(auth: AuthContext): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
    const user = await findUserById(this.ctx.db, auth.userId);
    if (!user) throw new AppError('unauthenticated');
    if (toBool(user.mfa_enabled))
      throw new AppError('conflict', 'Two-factor authentication is already on. An admin can reset it.');
    const secret = newTotpSecret();
    await updateUser(this.ctx.db, user.id, {
      mfa_pending_secret_enc: encryptSecret(this.ctx.secretKey, secret),
      updated_at: this.ctx.clock.now().toISOString(),
    });
    const uri = totpUri(secret, user.email, this.clinicIssuer());
    return { secret, otpauthUrl: uri, qrDataUrl: await qrDataUrl(uri) };
  }

  async enableMfa(auth: AuthContext, code: string): Promise<{ recoveryCodes: string[] }> {
    const { db, clock } = this.ctx;
    const user = await findUserById(db, auth.userId);
    if (!user?.mfa_pending_secret_enc)
      throw new AppError('conflict', 'Start the set-up first: no pending secret.');
    const secret = decryptSecret(this.ctx.secretKey, user.mfa_pending_secret_enc);
    const step = await checkTotp(secret, code, clock);
    if (step === null) {
      throw new AppError('invalid_mfa_code', 'That code is not correct.', [
        { field: 'code', message: 'That code is not correct' },
      ]);
    }
    const codes = newRecoveryCodes();
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await updateUser(trx, user.id, {
        mfa_enabled: 1,
        mfa_secret_enc: user.mfa_pending_secret_enc,
        mfa_pending_secret_enc: null,
        mfa_last_step: step,
        updated_at: now,
      });
      await storeRecoveryCodes(trx, user.id, codes, now);
      // The session that proved the code counts as verified.
      await this.ctx.sessions.markMfaVerified(auth.sessionId, trx);
      await appendAudit(trx, clock, auth, {
        action: 'user.mfa_enable',
        objectType: 'user',
        objectId: user.id,
      });
    });
    return { recoveryCodes: codes };
  }

  async changePassword(
    auth: AuthContext,
    body: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const { db, clock } = this.ctx;
    const user = await findUserById(db, auth.userId);
    if (!user || !(await verifyPassword(user.password_hash, body.currentPassword))) {
      throw new AppError('validation_failed', 'The current password is not correct.', [
        { field: 'currentPassword', message: 'The current password is not correct' },
      ]);
    }
    const hash = await hashPassword(body.newPassword);
    await db.transaction().execute(async (trx) => {
      await updateUser(trx, user.id, { password_hash: hash, updated_at: clock.now().toISOString() });
      // Other sessions end: someone who knew the old password is signed out everywhere else.
      await this.ctx.sessions.endOthersForUser(user.id, auth.sessionId, 'password_changed', trx);
      await appendAudit(trx, clock, auth, {
        action: 'user.password_change',
        objectType: 'user',
        objectId: user.id,
      });
    });
  }

  async inspectInvite(token: string): Promise<{ email: string; name: string }> {
    const { invite, user } = await this.liveInvite(token);
    void invite;
    return { email: user.email, name: user.name };
  }

  async acceptInvite(meta: RequestMeta, token: string, password: string): Promise<void> {
    const { db, clock } = this.ctx;
    const { invite, user } = await this.liveInvite(token);
    const hash = await hashPassword(password);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      if (!(await markInviteUsed(trx, invite.id, now)))
        throw new AppError('conflict', 'This invitation was already used.');
      await updateUser(trx, user.id, { password_hash: hash, status: 'active', updated_at: now });
      await appendAudit(trx, clock, meta, {
        action: 'user.activate',
        objectType: 'user',
        objectId: user.id,
        detail: { via: invite.purpose },
      });
    });
  }

  private async liveInvite(token: string) {
    const { db, clock } = this.ctx;
    const invite = await findInviteByTokenHash(db, sha256(token));
    const now = clock.now().toISOString();
    if (!invite || invite.used_at || invite.expires_at <= now) {
      throw new AppError('not_found', 'This invitation link is not valid or has expired. Ask for a new one.');
    }
    const user = await findUserById(db, invite.user_id);
    if (!user || user.status === 'disabled')
      throw new AppError('not_found', 'This invitation link is not valid or has expired.');
    return { invite, user };
  }

  private clinicIssuer(): string {
    return 'Liminal';
  }

  present(user: UserRow, session: SessionRecord): Me {
    const auth = sessionAuthContext(user, session, { ip: null, requestId: '' });
    const mfaEnabled = toBool(user.mfa_enabled);
    return {
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role as Me['user']['role'],
        mfaEnabled,
        patientId: user.patient_id,
        canBreakGlass: toBool(user.can_break_glass),
      },
      permissions: [...auth.permissions],
      session: {
        csrfToken: session.csrfToken,
        mfaVerified: session.mfaVerified,
        idleExpiresAt: session.idleExpiresAt,
        absoluteExpiresAt: session.absoluteExpiresAt,
        idleTimeoutMinutes: this.ctx.config.SESSION_IDLE_MINUTES,
      },
      nextStep: nextAuthStep(auth, this.ctx.config.LIMINAL_DEMO, mfaEnabled),
      demoMode: this.ctx.config.LIMINAL_DEMO,
    };
  }
}
