import { randomUUID } from 'node:crypto';
import type { AuditAction } from '../../../contracts/audit-actions';
import type { UserSummary } from '../../../contracts/users';
import { type Executor, isUniqueViolation, toBool } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { randomToken } from '../../platform/crypto';
import { AppError, conflict, notFound } from '../../platform/errors';
import { hasPermission, type StaffRole } from '../../platform/permissions';
import { endGrantsOnDesignationRemoved } from '../emergency';
import { createInvite } from './invites';
import { presentUser } from './present';
import {
  countActiveAdmins,
  deleteRecoveryCodes,
  findUserById,
  insertUser,
  listUsers,
  type UserRow,
  updateUser,
} from './repository';

const INVITE_TTL_HOURS = 72;

/** Staff account administration. Every change of privilege is audited in its own transaction (S3). */
export class UsersService {
  constructor(private readonly ctx: AppContext) {}

  private require(auth: AuthContext, perm: 'users.read' | 'users.manage') {
    if (!auth.permissions.has(perm)) throw new AppError('forbidden');
  }

  async list(auth: AuthContext): Promise<UserSummary[]> {
    this.require(auth, 'users.read');
    return (await listUsers(this.ctx.db)).map(presentUser);
  }

  async invite(
    auth: AuthContext,
    input: { email: string; name: string; role: StaffRole },
  ): Promise<{ user: UserSummary; inviteUrl?: string; emailQueued: boolean }> {
    this.require(auth, 'users.manage');
    const { db, clock, config, mailer } = this.ctx;
    const now = clock.now();
    const token = randomToken(32);
    const user: UserRow = {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role,
      status: 'invited',
      password_hash: null,
      mfa_enabled: 0,
      mfa_secret_enc: null,
      mfa_pending_secret_enc: null,
      mfa_last_step: null,
      patient_id: null,
      can_break_glass: 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    const link = `${config.publicUrl}/accept-invite#token=${token}`;
    try {
      await db.transaction().execute(async (trx) => {
        await insertUser(trx, user);
        await createInvite(trx, user.id, token, 'invite', auth.userId, now, INVITE_TTL_HOURS);
        await mailer.enqueue(trx, {
          to: user.email,
          subject: 'You have been invited to Liminal',
          text: [
            `Hello ${user.name},`,
            '',
            `${auth.name} has invited you to the clinic's Liminal workspace as ${input.role.replace('_', ' ')}.`,
            `Set your password here within ${INVITE_TTL_HOURS} hours:`,
            link,
            '',
            'If you did not expect this, you can ignore this email.',
          ].join('\n'),
          relatedType: 'user',
          relatedId: user.id,
        });
        await appendAudit(trx, clock, auth, {
          action: 'user.invite',
          objectType: 'user',
          objectId: user.id,
          detail: { role: input.role },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('conflict', 'An account with this email already exists.', [
          { field: 'email', message: 'An account with this email already exists' },
        ]);
      }
      throw err;
    }
    void mailer.flush();
    return {
      user: presentUser(user),
      emailQueued: true,
      ...(mailer.configured ? {} : { inviteUrl: link }),
    };
  }

  async changeRole(auth: AuthContext, id: string, role: StaffRole): Promise<UserSummary> {
    return this.change(auth, id, 'user.role_change', async (trx, user) => {
      if (user.role === 'patient') throw conflict('Patient accounts do not have staff roles.');
      if (user.role === 'admin' && role !== 'admin') await this.keepAnAdmin(trx);
      await updateUser(trx, id, { role, updated_at: this.now() });
      // Permissions are read per request, so the new role applies to live sessions at once.
      return { from: user.role, to: role };
    });
  }

  async disable(auth: AuthContext, id: string): Promise<UserSummary> {
    if (id === auth.userId) throw conflict('You cannot disable your own account.');
    return this.change(auth, id, 'user.disable', async (trx, user) => {
      if (user.role === 'admin') await this.keepAnAdmin(trx);
      await updateUser(trx, id, { status: 'disabled', updated_at: this.now() });
      const ended = await this.ctx.sessions.endAllForUser(id, 'account_disabled', trx);
      return { sessionsEnded: ended };
    });
  }

  async enable(auth: AuthContext, id: string): Promise<UserSummary> {
    return this.change(auth, id, 'user.enable', async (trx, user) => {
      if (user.status !== 'disabled') throw conflict('The account is not disabled.');
      await updateUser(trx, id, {
        status: user.password_hash ? 'active' : 'invited',
        updated_at: this.now(),
      });
      return {};
    });
  }

  /**
   * Designates (or stops designating) a staff member for emergency access (S17). Only roles that open charts
   * can be designated: the window lifts a confidential record's care-team restriction, not a role's
   * permissions. Removing the designation closes the member's open windows at once.
   */
  async setBreakGlass(auth: AuthContext, id: string, allowed: boolean): Promise<UserSummary> {
    return this.change(auth, id, 'user.break_glass', async (trx, user) => {
      if (allowed && !hasPermission(user.role, 'patients.read')) {
        throw conflict(
          `A ${user.role.replace('_', ' ')} cannot open patient charts, so emergency access would give them nothing.`,
        );
      }
      const now = this.now();
      await updateUser(trx, id, { can_break_glass: allowed ? 1 : 0, updated_at: now });
      let windowsEnded = 0;
      if (!allowed) {
        windowsEnded = await endGrantsOnDesignationRemoved(trx, id, now);
      }
      return { from: toBool(user.can_break_glass), to: allowed, windowsEnded };
    });
  }

  async resetMfa(auth: AuthContext, id: string): Promise<UserSummary> {
    return this.change(auth, id, 'user.mfa_reset', async (trx) => {
      await updateUser(trx, id, {
        mfa_enabled: 0,
        mfa_secret_enc: null,
        mfa_pending_secret_enc: null,
        mfa_last_step: null,
        updated_at: this.now(),
      });
      await deleteRecoveryCodes(trx, id);
      const ended = await this.ctx.sessions.endAllForUser(id, 'mfa_reset', trx);
      return { sessionsEnded: ended };
    });
  }

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  private async keepAnAdmin(trx: Executor): Promise<void> {
    if ((await countActiveAdmins(trx)) <= 1)
      throw conflict('The clinic must keep at least one active admin.');
  }

  private async change(
    auth: AuthContext,
    id: string,
    action: AuditAction,
    fn: (trx: Executor, user: UserRow) => Promise<Record<string, unknown>>,
  ): Promise<UserSummary> {
    this.require(auth, 'users.manage');
    return this.ctx.db.transaction().execute(async (trx) => {
      const user = await findUserById(trx, id);
      if (!user || user.role === 'patient') throw notFound('user');
      const detail = await fn(trx, user);
      await appendAudit(trx, this.ctx.clock, auth, { action, objectType: 'user', objectId: id, detail });
      const updated = await findUserById(trx, id);
      return presentUser(updated ?? user);
    });
  }
}
