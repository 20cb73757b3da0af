import { randomUUID } from 'node:crypto';
import { importInstrument, scoringVersionOf } from '../../../domain/instruments';
import { isUniqueViolation } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden } from '../../platform/errors';
import { listCatalogue } from './catalogue';
import { presentInstrument } from './present';
import * as repo from './repository';

/**
 * The instrument library: shipped instruments plus the clinic's licensed imports. An import is validated
 * in full by the domain importer before anything is written (every problem named by its JSON path), then
 * stored in one insert with the attestation (who typed it, the admin account, when, the licence text), so a
 * bad file leaves nothing behind. A version, once imported, is never changed: import a new version instead,
 * and responses keep the version they were answered with.
 */
export class InstrumentsService {
  constructor(private readonly ctx: AppContext) {}

  async list() {
    return { instruments: (await listCatalogue(this.ctx.db)).map(presentInstrument) };
  }

  async import(auth: AuthContext, body: unknown) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    const result = importInstrument(body);
    if (!result.ok) {
      const fields = result.errors.map((e) => ({ field: e.path || 'body', message: e.message }));
      throw new AppError(
        'validation_failed',
        `The instrument was not imported: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`.slice(
          0,
          500,
        ),
        fields,
      );
    }
    const def = result.definition;
    const now = this.ctx.clock.now().toISOString();
    const row: repo.ImportedRow = {
      id: randomUUID(),
      instrument_id: def.id,
      version: def.version,
      revision: 0, // set in the transaction below
      name: def.name,
      definition: JSON.stringify(def),
      scoring_version: scoringVersionOf(def),
      attested_name: def.attestation?.attestedBy ?? '',
      licence_text: def.attestation?.text ?? '',
      attested_by: auth.userId,
      attested_at: now,
      created_at: now,
    };
    const exists = () =>
      conflict(
        `Version ${def.version} of "${def.id}" is already imported; give the questionnaire a new version to import changes.`,
      );
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        if (await repo.getImported(trx, def.id, def.version)) throw exists();
        row.revision = Number((await repo.getImported(trx, def.id))?.revision ?? 0) + 1;
        await repo.insertImported(trx, row);
        await appendAudit(trx, this.ctx.clock, auth, {
          action: 'instrument.import',
          objectType: 'measure_instrument',
          objectId: row.id,
          detail: { instrumentId: def.id, version: def.version, scoringVersion: row.scoring_version },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw exists();
      throw err;
    }
    return { instrument: presentInstrument({ def, imported: row }) };
  }
}
