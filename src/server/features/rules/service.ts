import type { z } from 'zod';
import type { publishRuleSetBody } from '../../../contracts/rules';
import { diffRuleSets } from '../../../domain/rules';
import { isUniqueViolation } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import {
  currentRuleSet,
  insertRuleSet,
  listRuleSets,
  ruleSetByVersion,
  type StoredRuleSet,
} from './repository';

const view = (s: StoredRuleSet) => ({
  version: s.version,
  publishedAt: s.publishedAt,
  publishedByName: s.publishedByName,
  note: s.note,
  rules: s.rules,
  doseLimits: s.doseLimits,
});

/**
 * The medical director's safety rules (DOMAIN §3, §9): read the current version and the history, and publish
 * a new version. Publishing inserts a version and never changes an earlier one; new dosing sessions use it at
 * once, sessions already started keep theirs. Each publish is audited with every changed field's old and new
 * value. Settings only: no patient data is read or written here.
 */
export class RuleSetsService {
  constructor(private readonly ctx: AppContext) {}

  private admin(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
  }

  async overview(auth: AuthContext) {
    this.admin(auth);
    const { db } = this.ctx;
    return { current: view(await currentRuleSet(db)), versions: await listRuleSets(db) };
  }

  async version(auth: AuthContext, version: number) {
    this.admin(auth);
    const found = await ruleSetByVersion(this.ctx.db, version);
    if (!found) throw notFound('rule-set version');
    return view(found);
  }

  async publish(auth: AuthContext, body: z.infer<typeof publishRuleSetBody>) {
    this.admin(auth);
    const { db, clock } = this.ctx;
    try {
      await db.transaction().execute(async (trx) => {
        const current = await currentRuleSet(trx);
        if (body.basedOnVersion !== current.version) {
          throw conflict(
            `Version ${current.version} was published after you opened version ${body.basedOnVersion}. Reload to edit the current rules.`,
            { currentVersion: current.version },
          );
        }
        const next = { rules: body.rules, doseLimits: body.doseLimits };
        const changes = diffRuleSets(current, next);
        if (changes.length === 0) {
          throw new AppError('conflict', 'Nothing to publish: every rule is as in the current version.');
        }
        const version = current.version + 1;
        const note = body.note.trim() || null;
        await insertRuleSet(trx, {
          version,
          set: next,
          note,
          by: auth.userId,
          at: clock.now().toISOString(),
        });
        await appendAudit(trx, clock, auth, {
          action: 'rules.publish',
          objectType: 'clinic_rule_set',
          objectId: String(version),
          detail: {
            fromVersion: current.version,
            toVersion: version,
            note,
            changes: changes.map((c) => ({
              section: c.section,
              id: c.id,
              change: c.change,
              summary: c.summary,
              fields: c.fields.map((f) => ({ field: f.field, from: f.from, to: f.to })),
            })),
          },
        });
      });
    } catch (err) {
      // Two publishes over the same version at once: the second finds the version number taken.
      if (isUniqueViolation(err))
        throw conflict('Another version was published at the same moment. Reload to edit the current rules.');
      throw err;
    }
    return this.overview(auth);
  }
}
