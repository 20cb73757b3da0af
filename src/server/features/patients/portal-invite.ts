import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { randomToken } from '../../platform/crypto';
import { AppError, conflict, forbidden } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { createInvite, findPortalAccount, insertUser } from '../users';
import * as repo from './repository';

/**
 * Invites the patient to the portal: creates their account (invited) on first use, and emails a link to set
 * a password. A second invitation replaces the first link; an active account needs none.
 */
export async function invitePortal(
  ctx: AppContext,
  auth: AuthContext,
  patientId: string,
): Promise<{ emailQueued: boolean; inviteUrl?: string }> {
  if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
  const token = randomToken(32);
  const link = `${ctx.config.publicUrl}/accept-invite#token=${token}`;
  try {
    await withPatient(
      ctx.db,
      ctx.clock,
      auth,
      patientId,
      'patients.write',
      { action: 'patient.portal_invite' },
      async (trx) => {
        const p = (await repo.getPatient(trx, patientId)) as repo.PatientRow;
        if (!p.email)
          throw new AppError('validation_failed', 'Add the patient’s email first.', [
            { field: 'email', message: 'The patient has no email address' },
          ]);
        const now = ctx.clock.now();
        let user = await findPortalAccount(trx, patientId);
        if (user?.status === 'active') throw conflict('The patient already has an active portal account.');
        if (!user) {
          user = {
            id: randomUUID(),
            email: p.email.toLowerCase(),
            name: `${p.first_name} ${p.last_name}`,
            role: 'patient',
            status: 'invited',
            password_hash: null,
            mfa_enabled: 0,
            mfa_secret_enc: null,
            mfa_pending_secret_enc: null,
            mfa_last_step: null,
            patient_id: patientId,
            can_break_glass: 0,
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
          };
          await insertUser(trx, user);
        }
        await createInvite(trx, user.id, token, 'invite', auth.userId, now, 72);
        await ctx.mailer.enqueue(trx, {
          to: user.email,
          subject: 'Your patient portal invitation',
          text: [
            `Hello ${p.preferred_name ?? p.first_name},`,
            '',
            'Your care team has invited you to the clinic’s patient portal, where you can review and sign consent',
            'forms, answer questionnaires and see your appointments.',
            'Set your password within 72 hours here:',
            link,
            '',
            'If you are in crisis, call or text 988 (Suicide & Crisis Lifeline) or call 911.',
          ].join('\n'),
          relatedType: 'patient',
          relatedId: patientId,
        });
      },
    );
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('conflict', 'Another account already uses this email address.', [
        { field: 'email', message: 'Another account already uses this email' },
      ]);
    }
    throw err;
  }
  void ctx.mailer.flush();
  return { emailQueued: true, ...(ctx.mailer.configured ? {} : { inviteUrl: link }) };
}
