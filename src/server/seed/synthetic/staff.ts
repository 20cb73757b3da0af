import type { Db, Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import { SYSTEM_META } from '../../platform/auth-context';
import type { Clock } from '../../platform/clock';
import { systemActor } from '../demo-patients';
import type { Team } from './care';
import type { PatientPlan } from './people';
import type { Rng } from './random';
import type { Site } from './stock';

/**
 * The synthetic clinic's staff: three sites (CA, OR, WA), each with prescribers, nurses, therapists and front
 * desk sized to its patients (a prescriber per ~500 patients, a nurse per ~300, a therapist per ~200), every
 * clinician licensed in their site's state, and one admin. Sign-in: `<role>.<site>.<n>@synthetic.liminal.test`.
 */
export const SYNTHETIC_PASSWORD = 'liminal-synthetic-2026';
type Actor = ReturnType<typeof systemActor>;

const NAMES = [
  'Avery Quinn',
  'Blake Moreno',
  'Camila Ortiz',
  'Dmitri Sokolov',
  'Esther Kim',
  'Farah Ali',
  'Gideon Shaw',
  'Helena Brandt',
  'Isaac Mensah',
  'Jada Brooks',
  'Kenji Mori',
  'Lila Haddad',
  'Mateo Ruiz',
  'Nadia Petrova',
  'Owen Gallagher',
  'Pia Lindgren',
  'Rafael Costa',
  'Selin Demir',
  'Tomas Varga',
  'Uma Patel',
];
const TITLE: Record<string, (n: string) => string> = {
  prescriber: (n) => `Dr. ${n}`,
  nurse: (n) => `${n}, RN`,
  therapist: (n) => `${n}, LMFT`,
  front_desk: (n) => n,
  admin: (n) => n,
};

export class SyntheticStaff {
  private bySite = new Map<string, Actor[]>();
  admin!: Actor;

  static sizes(patientsPerSite: Record<Site, number>): Record<Site, Record<string, number>> {
    const out = {} as Record<Site, Record<string, number>>;
    for (const [site, n] of Object.entries(patientsPerSite) as [Site, number][]) {
      out[site] = {
        prescriber: Math.max(1, Math.ceil(n / 500)),
        nurse: Math.max(2, Math.ceil(n / 300)),
        therapist: Math.max(1, Math.ceil(n / 200)),
        front_desk: Math.max(1, Math.ceil(n / 1500)),
      };
    }
    return out;
  }

  async create(
    db: Db,
    clock: Clock,
    rng: Rng,
    passwordHash: string,
    sizes: Record<Site, Record<string, number>>,
    end: number,
  ): Promise<void> {
    const now = clock.now().toISOString();
    let k = 0;
    await db.transaction().execute(async (trx) => {
      this.admin = await insertUser(
        trx,
        clock,
        rng,
        { email: 'admin@synthetic.liminal.test', name: 'Sam Admin', role: 'admin' },
        passwordHash,
        now,
      );
      for (const [site, roles] of Object.entries(sizes)) {
        for (const [role, count] of Object.entries(roles)) {
          const list: Actor[] = [];
          for (let i = 1; i <= count; i++) {
            const name = TITLE[role]?.(`${NAMES[k++ % NAMES.length]} ${site}${i}`) ?? `Staff ${k}`;
            const u = await insertUser(
              trx,
              clock,
              rng,
              {
                email: `${role.replace('_', '')}.${site.toLowerCase()}.${i}@synthetic.liminal.test`,
                name,
                role,
              },
              passwordHash,
              now,
            );
            list.push(u);
            if (role === 'prescriber' || role === 'nurse' || role === 'therapist') {
              // A few licences come up for renewal within two months: the admin's worklist shows them.
              const days = rng.chance(0.1) ? rng.int(10, 55) : rng.int(300, 1100);
              await trx
                .insertInto('staff_licences')
                .values({
                  id: rng.uuid(),
                  user_id: u.userId,
                  state: site,
                  licence_type: role === 'prescriber' ? 'MD' : role === 'nurse' ? 'RN' : 'LMFT',
                  number: `${site}-${200_000 + k}`,
                  expires_on: new Date(end + days * 86_400_000).toISOString().slice(0, 10),
                  created_at: now,
                  removed_at: null,
                })
                .execute();
            }
          }
          this.bySite.set(`${site}:${role}`, list);
        }
      }
    });
  }

  team(p: PatientPlan): Team {
    const of = (role: string, salt = 0) => {
      const list = this.bySite.get(`${p.state}:${role}`) as Actor[];
      return list[(p.index + salt) % list.length] as Actor;
    };
    const nurse = of('nurse');
    const list = this.bySite.get(`${p.state}:nurse`) as Actor[];
    const nurse2 = list[(list.indexOf(nurse) + 1) % list.length] as Actor;
    return {
      prescriber: of('prescriber'),
      nurse,
      nurse2,
      therapist: of('therapist', 7),
      frontDesk: of('front_desk'),
    };
  }

  any(site: Site, role: string): Actor {
    return (this.bySite.get(`${site}:${role}`) as Actor[])[0] as Actor;
  }
}

async function insertUser(
  trx: Executor,
  clock: Clock,
  rng: Rng,
  u: { email: string; name: string; role: string },
  hash: string,
  now: string,
): Promise<Actor> {
  const id = rng.uuid();
  await trx
    .insertInto('users')
    .values({
      id,
      email: u.email,
      name: u.name,
      role: u.role,
      status: 'active',
      password_hash: hash,
      mfa_enabled: 0,
      mfa_secret_enc: null,
      mfa_pending_secret_enc: null,
      mfa_last_step: null,
      patient_id: null,
      can_break_glass: u.role === 'prescriber' ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await appendAudit(trx, clock, SYSTEM_META, {
    action: 'user.create',
    objectType: 'user',
    objectId: id,
    detail: { role: u.role, via: 'synthetic_seed' },
  });
  return systemActor({ id, role: u.role, name: u.name, email: u.email });
}
