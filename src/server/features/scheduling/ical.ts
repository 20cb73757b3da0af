import { randomUUID } from 'node:crypto';
import { buildCalendar, type CalendarEvent } from '../../../domain/scheduling';
import { appendAudit } from '../../platform/audit';
import type { AuthContext, RequestMeta } from '../../platform/auth-context';
import { hiddenPatients, MASKED_NAME } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { randomToken, sha256 } from '../../platform/crypto';
import { forbidden, notFound } from '../../platform/errors';
import type { Role } from '../../platform/permissions';
import * as links from './links-repository';
import { initials, visitPatientId } from './present';
import * as ref from './reference-repository';
import * as repo from './repository';

/**
 * A clinician's own calendar as an iCalendar feed for their calendar app. The secret URL is the credential
 * (calendar apps cannot sign in), so only a hash of its token is stored, it is shown once, a new one
 * replaces the old, and it can be revoked by its owner or an admin. Events name the visit type, room and
 * the patient's initials only: feeds end up in third-party calendar services.
 */
const FEED_PAST_DAYS = 30;
const FEED_FUTURE_DAYS = 180;

export class IcalService {
  constructor(private readonly ctx: AppContext) {}

  private staffOnly(auth: AuthContext) {
    if (auth.role === 'patient' || !auth.permissions.has('patients.read')) throw forbidden();
  }

  async status(auth: AuthContext) {
    this.staffOnly(auth);
    const feed = await links.activeFeedOf(this.ctx.db, auth.userId);
    return { active: Boolean(feed), createdAt: feed?.created_at ?? null };
  }

  /** Creates the feed URL (replacing any earlier one). The URL is returned once and never stored. */
  async create(auth: AuthContext) {
    this.staffOnly(auth);
    const token = randomToken(32);
    const now = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (trx) => {
      await links.revokeFeedsOf(trx, auth.userId, auth.userId, now);
      const id = randomUUID();
      await links.insertFeed(trx, {
        id,
        user_id: auth.userId,
        token_hash: sha256(token),
        created_at: now,
        revoked_at: null,
        revoked_by: null,
      });
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'ical.create',
        objectType: 'ical_feed',
        objectId: id,
      });
    });
    return { url: `${this.ctx.config.publicUrl}/api/ical/${token}.ics`, createdAt: now };
  }

  /** Revokes a person's feed: their own (staff), or anyone's (`settings.manage`). */
  async revoke(auth: AuthContext, userId: string = auth.userId) {
    if (userId === auth.userId) this.staffOnly(auth);
    else if (!auth.permissions.has('settings.manage')) throw forbidden();
    const now = this.ctx.clock.now().toISOString();
    await this.ctx.db.transaction().execute(async (trx) => {
      if (userId !== auth.userId) {
        const u = (await ref.staffUsers(trx, [userId]))[0];
        if (!u || u.role === 'patient') throw notFound('staff member');
      }
      const revoked = await links.revokeFeedsOf(trx, userId, auth.userId, now);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'ical.revoke',
        objectType: 'user',
        objectId: userId,
        detail: { revoked },
      });
    });
    return { ok: true as const };
  }

  /** The feed itself (public route: the token is the credential). Unknown and revoked tokens are a plain 404. */
  async feed(meta: RequestMeta, token: string): Promise<string> {
    const { db, clock } = this.ctx;
    const feed = await links.liveFeed(db, sha256(token));
    if (feed?.status !== 'active' || feed.role === 'patient') throw notFound('calendar');
    const now = clock.now();
    const rows = await repo.listAppointments(db, {
      start: new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000).toISOString(),
      end: new Date(now.getTime() + FEED_FUTURE_DAYS * 86_400_000).toISOString(),
      userId: feed.user_id,
    });
    const staff = await repo.staffOf(
      db,
      rows.map((r) => r.id),
    );
    // A confidential record its owner may not open shows as a busy block without initials (platform/confidential.ts);
    // a feed is not a session, so an emergency window never applies here.
    const hidden = await hiddenPatients(
      db,
      { userId: feed.user_id, role: feed.role as Role, patientId: null, canBreakGlass: false },
      now.toISOString(),
      rows.map(visitPatientId),
    );
    const events: CalendarEvent[] = rows.map((a) => {
      const mine = staff.find((s) => s.appointment_id === a.id && s.user_id === feed.user_id);
      const where =
        a.modality === 'in_person'
          ? [a.room_name, a.location_name].filter(Boolean).join(', ')
          : a.modality === 'video'
            ? 'Video visit'
            : 'Phone visit';
      return {
        uid: `${a.id}@liminal`,
        sequence: Number(a.sequence),
        start: a.starts_at,
        end: a.ends_at,
        summary: `${a.type_name}: ${hidden.has(visitPatientId(a) ?? '') ? MASKED_NAME : initials(a)}${mine?.hold === 'on_site' ? ' (supervising)' : ''}`,
        description: `Open in Liminal: ${this.ctx.config.publicUrl}/app/appointments/${a.id}`,
        location: where,
        status: 'CONFIRMED',
        stamp: now.toISOString(),
      };
    });
    await db.transaction().execute((trx) =>
      appendAudit(trx, clock, meta, {
        action: 'ical.feed',
        objectType: 'ical_feed',
        objectId: feed.id,
        detail: { userId: feed.user_id, events: events.length },
      }),
    );
    return buildCalendar({ name: `${feed.name} — Liminal`, refreshMinutes: 30, events });
  }
}
