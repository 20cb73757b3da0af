import type { z } from 'zod';
import type { promptSettings, savePromptsBody } from '../../../contracts/journal';
import { DEFAULT_JOURNAL_PROMPTS, type JournalPromptTemplates } from '../../../domain/journal';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden } from '../../platform/errors';
import * as repo from './repository';

/** The prompt templates in use: the latest saved version, else the shipped defaults. */
export async function currentPrompts(
  db: Executor,
): Promise<{ version: number; templates: JournalPromptTemplates }> {
  const row = await repo.currentPromptVersion(db);
  return row
    ? { version: row.version, templates: { ...DEFAULT_JOURNAL_PROMPTS, ...JSON.parse(row.templates) } }
    : { version: 0, templates: DEFAULT_JOURNAL_PROMPTS };
}

/** The clinic's journal prompts (admin settings, settings.manage): each save is a new version, kept. */
export class JournalPromptService {
  constructor(private readonly ctx: AppContext) {}

  private async view(db: Executor): Promise<z.infer<typeof promptSettings>> {
    const row = await repo.currentPromptVersion(db);
    const { version, templates } = await currentPrompts(db);
    const history = await repo.promptVersionHistory(db);
    return {
      templates,
      defaults: DEFAULT_JOURNAL_PROMPTS,
      version,
      savedBy: row?.saved_by ?? null,
      savedAt: row?.saved_at ?? null,
      history: history.map((h) => ({ version: h.version, savedBy: h.saved_by, savedAt: h.saved_at })),
    };
  }

  async read(auth: AuthContext) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    return this.view(this.ctx.db);
  }

  async save(auth: AuthContext, body: z.infer<typeof savePromptsBody>) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    const { db, clock } = this.ctx;
    return db.transaction().execute(async (trx) => {
      const { version } = await currentPrompts(trx);
      if (body.version !== version)
        throw conflict('Someone saved the prompts since you opened them: reload to see their version.', {
          version,
        });
      await repo.insertPromptVersion(trx, {
        version: version + 1,
        templates: JSON.stringify(body.templates),
        saved_by: auth.userId,
        saved_at: clock.now().toISOString(),
      });
      await appendAudit(trx, clock, auth, {
        action: 'journal.prompts_save',
        objectType: 'settings',
        objectId: 'journal.prompts',
        detail: { version: version + 1 },
      });
      return this.view(trx);
    });
  }
}
