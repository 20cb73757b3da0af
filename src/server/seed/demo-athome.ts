import type { Db } from '../db/dialect';
import { AtHomeStaffService } from '../features/athome/service-staff';
import { CoursesService } from '../features/courses/service';
import { LedgerService } from '../features/ledger/service';
import { StockService } from '../features/ledger/stock';
import { FakeClock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { setSetting } from '../platform/settings';
import { systemActor } from './demo-patients';

const MIN = 60_000;

/**
 * The demo clinic's at-home program (issue #16): Sam, on the at-home sublingual course, has just taken home a
 * card of 12 troches (a ledger DISPENSE) and has an at-home session booked for half an hour from now, its order
 * signed by the prescriber: the check-in is open on Sam's phone and the session is on Today's remote board. The
 * nurse is on call. Made through the same services the app uses, a few minutes before now (the ledger's running
 * log reads in date order, after the day's in-clinic doses).
 */
export async function seedDemoAtHome(db: Db, realNow: Date, ids: Map<string, string>): Promise<void> {
  const sam = ids.get('sam');
  if (!sam) return;
  const clock = new FakeClock(new Date(realNow.getTime() - 3 * MIN));
  const ctx = {
    db,
    clock,
    config: { publicUrl: 'http://localhost' },
    mailer: { enqueue: async () => '', flush: async () => {}, configured: false },
  } as unknown as AppContext;
  const staff = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', 'in', ['prescriber', 'nurse'])
    .orderBy('email')
    .execute();
  const who = (role: string) => systemActor(staff.find((s) => s.role === role) as (typeof staff)[number]);
  const [prescriber, nurse] = [who('prescriber'), who('nurse')];

  const course = (await new CoursesService(ctx).list(nurse, sam)).courses.find(
    (c) => (c.setting as string) === 'at_home' && c.status === 'active',
  );
  if (!course) return;
  await setSetting(db, 'athome.onCallUserId', nurse.userId, null, clock.now().toISOString());
  await setSetting(db, 'athome.onCallPhone', '(555) 010-0199', null, clock.now().toISOString());

  // A card of 12 troches dispensed to take home.
  const stock = new StockService(ctx);
  const [products, containers] = await Promise.all([
    stock.listProducts(nurse),
    stock.listContainers(nurse, { inStock: 'true' }),
  ]);
  const troche = products.find((p) => p.form === 'troche');
  const card = containers
    .filter((c) => c.productId === troche?.id)
    .sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }))[0];
  if (!troche || !card) return;
  await new LedgerService(ctx).dispense(nurse, {
    containerId: card.id,
    locationId: card.locationId,
    quantityUg: 12 * 100_000,
    patientId: sam,
    orderId: 'demo-take-home-1',
  });

  // The session booked for half an hour from now, and the prescriber's order (2 × 100 mg troches).
  clock.set(new Date(realNow.getTime() - 2 * MIN));
  const athome = new AtHomeStaffService(ctx);
  const session = await athome.create(nurse, sam, {
    courseId: course.id,
    startsAt: new Date(Math.ceil((realNow.getTime() + 30 * MIN) / MIN) * MIN).toISOString(),
    overrides: [],
  });
  clock.set(new Date(realNow.getTime() - MIN));
  await athome.signOrder(prescriber, sam, session.id, {
    productId: troche.id,
    troches: 2,
    lotNumber: card.lotNumber,
    acknowledgeWarnings: true,
  });
}
