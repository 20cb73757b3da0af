import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../db/dialect';
import * as repo from '../repository';

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
      await repo.insertFile(this.db, {
        id: this.fileId,
        job_id: this.jobId,
        name: this.name,
        resource_type: this.resourceType,
        content_type: this.contentType,
        count: 0,
        bytes: 0,
        chunks: 0,
        created_at: this.now(),
      });
    }
    const data = Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    await repo.insertChunk(this.db, this.fileId, this.seq++, data);
  }

  /** Writes what is left and records the totals; a file with nothing in it is not created. */
  async finish(): Promise<{ count: number; bytes: number } | null> {
    await this.flush();
    if (!this.fileId) return null;
    await repo.setFileTotals(this.db, this.fileId, {
      count: this.count,
      bytes: this.bytes,
      chunks: this.seq,
    });
    return { count: this.count, bytes: this.bytes };
  }
}

/** The chunks of a file in order, one query per chunk (never the whole file at once). */
export async function* readChunks(db: Executor, fileId: string, chunks: number): AsyncGenerator<Buffer> {
  for (let seq = 0; seq < chunks; seq++) {
    const row = await repo.findChunk(db, fileId, seq);
    if (!row) return;
    yield Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data as Uint8Array);
  }
}
