import type { Db } from '../db/dialect';
import { PortalJournalService } from '../features/journal/service';
import type { AuthContext } from '../platform/auth-context';
import { FakeClock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { permissionsFor } from '../platform/permissions';

const DAY = 86_400_000;

/**
 * The demo clinic's integration journal (issue #17): Robin has written three entries in the past week, through
 * the same service the portal uses: a reflection shared with the care team (the integration note offers it), an
 * entry shared and then withdrawn (the chart shows only its dates), and a private one (staff never see it).
 */
export async function seedDemoJournal(db: Db, realNow: Date, ids: Map<string, string>): Promise<void> {
  const robin = ids.get('robin');
  if (!robin) return;
  const user = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('patient_id', '=', robin)
    .executeTakeFirst();
  if (!user) return;
  const auth: AuthContext = {
    userId: user.id,
    role: 'patient',
    name: user.name,
    email: user.email,
    permissions: new Set(permissionsFor('patient')),
    patientId: robin,
    sessionId: 'seed',
    mfaVerified: true,
    emergency: false,
    ip: null,
    requestId: 'demo-seed',
  };
  const clock = new FakeClock(new Date(realNow.getTime() - 6 * DAY));
  const svc = new PortalJournalService({ db, clock } as unknown as AppContext);
  const write = (body: string, kind: 'reflection' | 'free' = 'free') => svc.create(auth, { kind, body });

  const shared = await write(
    'The music carried me somewhere I used to go as a child, to my grandmother’s kitchen. I felt held ' +
      'rather than sad. I want to talk about her at my next visit, and to try calling my sister this week.',
    'reflection',
  );
  clock.advance(2 * 60 * 60_000);
  await svc.share(auth, shared.entry.id);

  clock.advance(2 * DAY);
  const withdrawn = await write(
    'Some of what I wrote here was about work. I shared it, then decided to keep it for myself for now.',
  );
  await svc.share(auth, withdrawn.entry.id);
  clock.advance(DAY);
  await svc.withdraw(auth, withdrawn.entry.id);

  clock.advance(DAY);
  await write('A quiet day. Slept better. Noticed I didn’t reach for my phone first thing.');
}
