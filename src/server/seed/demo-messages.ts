import type { Db } from '../db/dialect';
import { MessagesService } from '../features/messages/service';
import { MessagesPortalService } from '../features/messages/service-portal';
import { FakeClock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { systemActor } from './demo-patients';

const HOUR = 3_600_000;

/**
 * The demo clinic's messages (issue #17): Robin (patient1) asked the care team about sleep two days ago and the
 * therapist answered the next day; this morning Robin asked about their next visit and is waiting for an answer.
 * Written through the same service the app uses, at those times (no email is sent from the seed).
 */
export async function seedDemoMessages(db: Db, realNow: Date, ids: Map<string, string>): Promise<void> {
  const robin = ids.get('robin');
  if (!robin) return;
  const clock = new FakeClock(new Date(realNow.getTime() - 48 * HOUR));
  const ctx = {
    db,
    clock,
    config: { publicUrl: 'http://localhost' },
    mailer: { enqueue: async () => '', flush: async () => {}, configured: false },
  } as unknown as AppContext;
  const svc = new MessagesService(ctx);
  const portal = new MessagesPortalService(ctx);
  const users = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email', 'patient_id'])
    .where((eb) => eb.or([eb('role', '=', 'therapist'), eb('patient_id', '=', robin)]))
    .orderBy('email')
    .execute();
  const therapistUser = users.find((u) => u.role === 'therapist');
  const patientUser = users.find((u) => u.patient_id === robin);
  if (!therapistUser || !patientUser) return;
  const therapist = systemActor(therapistUser);
  const patient = { ...systemActor(patientUser), patientId: robin };

  const first = await portal.portalStart(patient, {
    subject: 'Sleep after the last session',
    body: 'Since the last session I have been waking up around 4 am and cannot fall back asleep. Is that common, and is there anything I should try before my next visit?',
  });
  clock.set(new Date(realNow.getTime() - 26 * HOUR));
  await svc.read(therapist, first.threadId);
  await svc.reply(therapist, first.threadId, {
    body: 'Thank you for telling us. Early waking can happen for a few days after a session. Keep a regular bedtime, avoid screens in the hour before, and note the nights it happens: we will look at it together on Thursday. If it goes on for more than a week, call the clinic.',
  });
  clock.set(new Date(realNow.getTime() - 3 * HOUR));
  await portal.portalStart(patient, {
    subject: 'Next visit',
    body: 'Could I bring my partner to the integration session next week, or should I come alone?',
  });
}
