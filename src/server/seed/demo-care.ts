import { doseSources } from '../../domain/dosing';
import type { Db } from '../db/dialect';
import { CoursesService } from '../features/courses/service';
import { ensureCourseTemplates } from '../features/courses/templates';
import { ExperienceService } from '../features/experience/service';
import { LedgerService } from '../features/ledger/service';
import { StockService } from '../features/ledger/stock';
import { MeasuresService } from '../features/measures/service';
import { SessionsService } from '../features/sessions/service';
import { FakeClock } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { rateDemoSession } from './demo-experience';
import { systemActor } from './demo-patients';

/**
 * The demo clinic's care history, made through the same services the app uses, on a clock that walks
 * forward from six weeks ago: Robin mid-course on IM with improving PHQ-9 scores; Jordan on esketamine
 * with a REMS record due; Riley finished and in follow-up; Casey with an IV session in progress now; a
 * stocked ledger with one lot near expiry. Everything is fictional.
 */
const DAY = 86_400_000;
const PHQ9 = (total: number, item9 = 0) => {
  // Spread a total over items 1–8 (0–3 each), item 9 as given.
  const answers: Record<string, number> = {};
  let left = total - item9;
  for (let i = 1; i <= 8; i++) {
    const v = Math.min(3, Math.max(0, Math.round(left / (9 - i))));
    answers[`phq9-${i}`] = v;
    left -= v;
  }
  answers['phq9-9'] = item9;
  return answers;
};

export async function seedDemoCare(db: Db, realNow: Date, ids: Map<string, string>): Promise<void> {
  await ensureCourseTemplates(db, realNow.toISOString());
  const clock = new FakeClock(new Date(realNow.getTime() - 42 * DAY));
  clock.set(`${clock.now().toISOString().slice(0, 10)}T16:00:00.000Z`);
  const ctx = {
    db,
    clock,
    config: { publicUrl: 'http://localhost' },
    mailer: { enqueue: async () => '', flush: async () => {}, configured: false },
  } as unknown as AppContext;
  const staff = await db
    .selectFrom('users')
    .select(['id', 'role', 'name', 'email'])
    .where('role', '!=', 'patient')
    .execute();
  const who = (role: string) => systemActor(staff.find((s) => s.role === role) as (typeof staff)[number]);
  const [admin, prescriber, nurse, therapist] = [
    who('admin'),
    who('prescriber'),
    who('nurse'),
    who('therapist'),
  ];
  const courses = new CoursesService(ctx);
  const sessions = new SessionsService(ctx);
  const measures = new MeasuresService(ctx);
  const ledger = new LedgerService(ctx);
  const stock = new StockService(ctx);
  const experience = new ExperienceService(ctx);
  let rated = 0;

  // Stock: a safe, IM/IV vials, esketamine devices, troches; one lot expires within three weeks.
  const safe = await stock.createLocation(admin, {
    name: 'Main safe (med room)',
    deaRegistration: 'FL1234563',
  });
  const vial = await stock.createProduct(admin, {
    name: 'Ketamine HCl 50 mg/mL, 10 mL multi-dose vial',
    ndc: '0409-2051-05',
    form: 'solution',
    strengthUgPerMl: 50_000,
    containerVolumeMl: 10,
    singleUse: false,
    lowStockUg: 1_000_000,
  });
  const troche = await stock.createProduct(admin, {
    name: 'Ketamine 100 mg troche (compounded)',
    ndc: '12345-678-90',
    form: 'troche',
    unitStrengthUg: 100_000,
    unitsPerContainer: 12,
    singleUse: false,
  });
  const esk = await stock.createProduct(admin, {
    name: 'Esketamine 28 mg nasal spray device',
    ndc: '50458-028-02',
    form: 'solution',
    strengthUgPerMl: 140_000,
    containerVolumeMl: 0.2,
    singleUse: true,
    substance: 'esketamine',
  });
  const today = (d: Date) => d.toISOString().slice(0, 10);
  const inDays = (n: number) => today(new Date(realNow.getTime() + n * DAY));
  await ledger.receive(nurse, {
    productId: vial.id,
    lotNumber: 'KT-24A117',
    expiresOn: inDays(400),
    locationId: safe.id,
    containerCount: 4,
    supplier: 'Example Pharma Distribution',
    supplierRegistration: 'RX0000001',
    invoiceNumber: 'INV-55021',
    receivedOn: today(clock.now()),
  });
  await ledger.receive(nurse, {
    productId: vial.id,
    lotNumber: 'KT-23Z902',
    expiresOn: inDays(20),
    locationId: safe.id,
    containerCount: 1,
    supplier: 'Example Pharma Distribution',
    invoiceNumber: 'INV-54410',
    receivedOn: today(clock.now()),
  });
  await ledger.receive(nurse, {
    productId: troche.id,
    lotNumber: 'TR-0925',
    expiresOn: inDays(150),
    locationId: safe.id,
    containerCount: 3,
    supplier: 'Example Compounding Pharmacy',
    invoiceNumber: 'CP-1180',
    receivedOn: today(clock.now()),
  });
  await ledger.receive(nurse, {
    productId: esk.id,
    lotNumber: 'ESK-4471',
    expiresOn: inDays(300),
    locationId: safe.id,
    containerCount: 12,
    supplier: 'Example Specialty Distribution',
    invoiceNumber: 'SD-3321',
    receivedOn: today(clock.now()),
  });

  /** The container the console offers first for this dose (the open vial, else the first to expire). */
  async function drawFrom(route: string, mg: number): Promise<string> {
    const [containers, products] = await Promise.all([
      stock.listContainers(nurse, { inStock: 'true' }),
      stock.listProducts(nurse),
    ]);
    const best = doseSources({ route, ugNeeded: Math.round(mg * 1000), containers, products }).find(
      (x) => !x.unusable,
    );
    if (!best) throw new Error(`the demo stock holds nothing for a ${route} dose of ${mg} mg`);
    return best.containerId;
  }

  async function prepNote(patientId: string, courseId: string) {
    const n = await courses.createNote(therapist, patientId, courseId, {
      kind: 'preparation',
      sessionDate: today(clock.now()),
    });
    await courses.saveNote(
      therapist,
      patientId,
      n.id,
      {
        intentions: 'To meet old grief with more kindness.',
        goals: 'Sleep through the night; return to painting.',
        themes: '',
        insights: '',
        commitments: '',
        homework: 'Write three intentions on a card.',
        narrative: 'Reviewed what a session may feel like; agreed a signal for "pause".',
      },
      n.version,
    );
    await courses.signNote(therapist, patientId, n.id);
  }

  async function phq9(patientId: string, total: number) {
    const { assignments } = await measures.assign(prescriber, patientId, {
      instrumentIds: ['phq9'],
      schedule: { kind: 'once', dueOn: today(clock.now()) },
    });
    const a = assignments[0];
    if (a)
      await measures.staffEntry(nurse, patientId, a.id, {
        answers: PHQ9(total),
        completedAt: clock.now().toISOString(),
      });
  }

  /** One in-clinic session, start to signed record, on the walking clock; every dose drawn from the ledger as the console draws it. */
  async function session(
    patientId: string,
    courseId: string,
    route: string,
    o: {
      mgPerKg?: number;
      mg?: number;
      weight: number;
      sign?: boolean;
      discharge?: boolean;
      infusion?: number;
    },
  ) {
    const { id } = await sessions.start(nurse, patientId, courseId, []);
    await sessions.checklist(nurse, patientId, id, {
      fasting: true,
      escortName: 'Alex Example',
      rideArranged: true,
      medicationsSinceLastVisit: 'No changes',
      pregnancyStatus: 'not_applicable',
      weightKg: o.weight,
    });
    const v = async (sbp: number, dbp: number, hr: number) =>
      sessions.addEntry(nurse, patientId, id, {
        idempotencyKey: `seed-${id}-${clock.now().getTime()}-${sbp}`,
        entry: { kind: 'vitals', vitals: { sbp, dbp, hr, spo2: 98, rr: 14 } },
      });
    await v(124, 80, 72);
    const order = await sessions.order(prescriber, patientId, id, {
      ...(o.mg ? { mg: o.mg } : { mgPerKg: o.mgPerKg }),
      ...(o.infusion ? { infusionMinutes: o.infusion } : {}),
      acknowledgeWarnings: true,
    });
    if (o.mg && o.mg >= 56) {
      for (let d = 1; d <= o.mg / 28; d++) {
        await sessions.administer(nurse, patientId, id, {
          idempotencyKey: `seed-adm-${id}-${d}`,
          mg: 28,
          phase: 'device',
          deviceNumber: d,
          site: 'Both nostrils',
          containerId: await drawFrom(route, 28),
        });
        clock.advanceMinutes(5);
      }
    } else {
      await sessions.administer(nurse, patientId, id, {
        idempotencyKey: `seed-adm-${id}`,
        mg: order.mg,
        phase: o.infusion ? 'infusion_start' : 'bolus',
        site: o.infusion ? 'Left antecubital' : 'Left deltoid',
        containerId: await drawFrom(route, order.mg),
      });
    }
    if (o.discharge === false) {
      clock.advanceMinutes(10);
      await v(138, 86, 84);
      return id;
    }
    for (const [sbp, dbp, hr] of [
      [142, 88, 86],
      [136, 84, 80],
      [128, 82, 76],
      [126, 80, 74],
      [124, 78, 72],
      [122, 80, 72],
      [124, 80, 70],
      [122, 78, 70],
    ] as const) {
      clock.advanceMinutes(15);
      await v(sbp, dbp, hr);
    }
    await sessions.addEntry(nurse, patientId, id, {
      idempotencyKey: `seed-sed-${id}`,
      entry: { kind: 'sedation', moaas: 5 },
    });
    await sessions.addEntry(nurse, patientId, id, {
      idempotencyKey: `seed-obs-${id}`,
      entry: { kind: 'observation', text: 'Calm throughout; brief nausea resolved without treatment.' },
    });
    // Before discharge the nurse enters the patient's end-of-session ratings (Liminal's own, not validated).
    await rateDemoSession(experience, nurse, patientId, id, rated++);
    clock.advanceMinutes(5);
    await sessions.discharge(nurse, patientId, id, {
      oriented: true,
      walksSafely: true,
      sedationResolved: true,
      dissociationResolved: true,
      escortName: 'Alex Example',
      acknowledgedNoDriving: true,
      readyToLeaveAt: clock.now().toISOString(),
      ...(o.mg ? { readyWithoutMinimumMinutes: 75 } : {}),
    });
    await sessions.narrative(
      therapist,
      patientId,
      id,
      'Described a widening sense of space; returned twice to the image of the family kitchen.',
    );
    if (o.sign !== false) await sessions.sign(prescriber, patientId, id);
    return id;
  }

  const robin = ids.get('robin') as string;
  const robinCourse = (
    await courses.create(prescriber, robin, {
      templateKey: 'im_kap',
      indications: ['Treatment-resistant depression'],
    })
  ).id;
  await phq9(robin, 21);
  await prepNote(robin, robinCourse);

  const riley = ids.get('riley') as string;
  clock.set(new Date(realNow.getTime() - 40 * DAY));
  const rileyCourse = (
    await courses.create(prescriber, riley, { templateKey: 'iv_series', indications: ['PTSD'] })
  ).id;
  await phq9(riley, 19);
  await prepNote(riley, rileyCourse);

  // Robin's and Riley's courses ran side by side: their sessions are seeded in the order they happened, so
  // the ledger's running log (one line per dose drawn) reads in date order, as a real one does.
  const firstDay = new Date(realNow.getTime() - 42 * DAY);
  const visits: { at: Date; run: () => Promise<void> }[] = [];
  for (const [i, score] of [17, 14, 11, 8].entries()) {
    visits.push({
      // A week after the last visit's integration note (as the clinic booked them): days 7, 15, 23 and 31.
      at: new Date(`${today(new Date(firstDay.getTime() + (7 + 8 * i) * DAY))}T16:00:00.000Z`),
      run: async () => {
        const sid = await session(robin, robinCourse, 'im', { mgPerKg: 0.6 + i * 0.1, weight: 72 });
        clock.advance(DAY);
        const n = await courses.createNote(therapist, robin, robinCourse, {
          kind: 'integration',
          sessionDate: today(clock.now()),
          dosingSessionId: sid,
        });
        await courses.saveNote(
          therapist,
          robin,
          n.id,
          {
            intentions: '',
            goals: '',
            themes: 'Self-compassion; grief for her father.',
            insights: 'Noticed the critic voice as separate from herself.',
            commitments: 'Daily ten-minute walk.',
            homework: 'Journal the kitchen image.',
            narrative: '',
          },
          n.version,
        );
        await courses.signNote(therapist, robin, n.id);
        await phq9(robin, score);
      },
    });
  }
  for (const [j, score] of [15, 11, 7].entries()) {
    visits.push({
      // Four days after the previous infusion ended (an infusion visit lasts 125 minutes here).
      at: new Date(realNow.getTime() - 40 * DAY + (j + 1) * 4 * DAY + j * 125 * 60_000),
      run: async () => {
        await session(riley, rileyCourse, 'iv', { mgPerKg: 0.5, weight: 77, infusion: 40 });
        await phq9(riley, score);
      },
    });
  }
  for (const v of visits.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    clock.set(v.at);
    await v.run();
  }
  await courses.setStatus(prescriber, riley, rileyCourse, { status: 'completed' });

  const jordan = ids.get('jordan') as string;
  clock.set(new Date(realNow.getTime() - 9 * DAY));
  const jordanCourse = (
    await courses.create(prescriber, jordan, {
      templateKey: 'esketamine',
      indications: ['Treatment-resistant depression'],
      remsEnrolled: true,
      remsPatientId: 'REMS-DEMO-0042',
    })
  ).id;
  await phq9(jordan, 18);
  await prepNote(jordan, jordanCourse);
  clock.set(new Date(realNow.getTime() - 3 * DAY));
  await session(jordan, jordanCourse, 'esketamine', { mg: 56, weight: 88 });

  const casey = ids.get('casey') as string;
  clock.set(new Date(realNow.getTime() - 3 * DAY));
  const caseyCourse = (
    await courses.create(prescriber, casey, {
      templateKey: 'iv_series',
      indications: ['Major depressive disorder'],
    })
  ).id;
  await phq9(casey, 16);
  await prepNote(casey, caseyCourse);
  clock.set(new Date(realNow.getTime() - 25 * 60_000));
  await session(casey, caseyCourse, 'iv', { mgPerKg: 0.5, weight: 69, infusion: 40, discharge: false });

  const sam = ids.get('sam') as string;
  clock.set(new Date(realNow.getTime() - 14 * DAY));
  const samCourse = (
    await courses.create(prescriber, sam, {
      templateKey: 'at_home_sl',
      indications: ['Generalized anxiety disorder'],
    })
  ).id;
  await prepNote(sam, samCourse);
}
