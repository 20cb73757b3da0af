import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../db/dialect';

/**
 * Export files live in the database as ordered chunks, so any app process can serve them and neither the
 * writer nor the reader ever holds a whole file: the writer flushes every CHUNK_BYTES, the reader streams
 * one chunk at a time.
 */
export const CHUNK_BYTES = 256 * 1024;

export class ChunkedFileWriter {
  private fileId: string | null = null;
  private parts: Buffer[] = [];
  private pending = 0;
  private seq = 0;
  count = 0;
  bytes = 0;

  constructor(
    private readonly db: Db,
    private readonly jobId: string,
    readonly name: string,
    private readonly resourceType: string | null,
    private readonly contentType: string,
    private readonly now: () => string,
  ) {}

  /** One NDJSON line (a resource). */
  async writeLine(value: unknown): Promise<void> {
    this.count++;
    await this.write(Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
  }

  async write(data: Buffer): Promise<void> {
    this.parts.push(data);
    this.pending += data.length;
    this.bytes += data.length;
    if (this.pending >= CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pending) return;
    if (!this.fileId) {
      this.fileId = randomUUID();
      await this.db
        .insertInto('fhir_export_files')
        .values({
          id: this.fileId,
          job_id: this.jobId,
          name: this.name,
          resource_type: this.resourceType,
          content_type: this.contentType,
          count: 0,
          bytes: 0,
          chunks: 0,
          created_at: this.now(),
        })
        .execute();
    }
    const data = Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    await this.db
      .insertInto('fhir_export_chunks')
      .values({ file_id: this.fileId, seq: this.seq++, data })
      .execute();
  }

  /** Writes what is left and records the totals; a file with nothing in it is not created. */
  async finish(): Promise<{ count: number; bytes: number } | null> {
    await this.flush();
    if (!this.fileId) return null;
    await this.db
      .updateTable('fhir_export_files')
      .set({ count: this.count, bytes: this.bytes, chunks: this.seq })
      .where('id', '=', this.fileId)
      .execute();
    return { count: this.count, bytes: this.bytes };
  }
}

/** The chunks of a file in order, one query per chunk (never the whole file at once). */
export async function* readChunks(db: Executor, fileId: string, chunks: number): AsyncGenerator<Buffer> {
  for (let seq = 0; seq < chunks; seq++) {
    const row = await db
      .selectFrom('fhir_export_chunks')
      .select('data')
      .where('file_id', '=', fileId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data as Uint8Array);
  }
}

export async function deleteFiles(db: Executor, jobId: string): Promise<void> {
  const files = await db.selectFrom('fhir_export_files').select('id').where('job_id', '=', jobId).execute();
  if (!files.length) return;
  const ids = files.map((f) => f.id);
  await db.deleteFrom('fhir_export_chunks').where('file_id', 'in', ids).execute();
  await db.deleteFrom('fhir_export_files').where('id', 'in', ids).execute();
}
