/**
 * Removes rows a batch at a time until a batch comes back short; the total removed. `removeBatch(limit)` deletes at
 * most `limit` rows (oldest first, by the caller's index) and says how many went. SQLite's statements run on the
 * event loop, so requests get a turn between batches: a first run after an upgrade may find a long backlog. Used by
 * the data-protection job's expiries (Idempotency-Key records, sign-in records).
 */
export async function removeInBatches(
  removeBatch: (limit: number) => Promise<number>,
  batch: number,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const n = await removeBatch(batch);
    removed += n;
    if (n < batch) return removed;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
