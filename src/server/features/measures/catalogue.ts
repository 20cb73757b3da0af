import { getInstrument, type InstrumentDefinition, SHIPPED_INSTRUMENTS } from '../../../domain/instruments';
import type { Executor } from '../../db/dialect';
import * as repo from './repository';

/**
 * Where instrument definitions come from: shipped ones from the domain library (code, versioned with the
 * product), imported ones from measure_instruments (the clinic's licensed files). One lookup for both, so
 * scoring, rendering and trends never care which kind they hold.
 */
export interface CatalogueEntry {
  def: InstrumentDefinition;
  imported: repo.ImportedRow | null;
}

const parse = (row: repo.ImportedRow): CatalogueEntry => ({
  def: JSON.parse(row.definition) as InstrumentDefinition,
  imported: row,
});

/**
 * The definition of an instrument at a version (default: current). A shipped instrument has one current
 * definition; a response stored under an older shipped version is still read with the current one, which
 * the stored scoring_version on its score makes visible.
 */
export async function resolveDefinition(
  db: Executor,
  instrumentId: string,
  version?: string,
): Promise<CatalogueEntry | undefined> {
  const shipped = getInstrument(instrumentId);
  if (shipped) return { def: shipped, imported: null };
  const row =
    (version !== undefined ? await repo.getImported(db, instrumentId, version) : undefined) ??
    (await repo.getImported(db, instrumentId));
  return row ? parse(row) : undefined;
}

/** Every assignable instrument: the shipped ones, then the latest version of each import. */
export async function listCatalogue(db: Executor): Promise<CatalogueEntry[]> {
  const latest = new Map<string, repo.ImportedRow>();
  for (const row of await repo.listImported(db))
    if (!latest.has(row.instrument_id)) latest.set(row.instrument_id, row);
  return [...SHIPPED_INSTRUMENTS.map((def) => ({ def, imported: null })), ...[...latest.values()].map(parse)];
}

/** A small per-request cache: a chart with many responses resolves each (id, version) once. */
export class DefinitionCache {
  private readonly seen = new Map<string, Promise<CatalogueEntry | undefined>>();
  constructor(private readonly db: Executor) {}
  get(instrumentId: string, version?: string): Promise<CatalogueEntry | undefined> {
    const key = `${instrumentId}|${version ?? ''}`;
    let hit = this.seen.get(key);
    if (!hit) {
      hit = resolveDefinition(this.db, instrumentId, version);
      this.seen.set(key, hit);
    }
    return hit;
  }
}
