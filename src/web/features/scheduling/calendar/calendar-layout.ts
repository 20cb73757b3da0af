/**
 * Side-by-side placement of overlapping visits in one calendar column (issue #14: a 10:00 video consultation
 * was drawn over a 9:30–12:00 dosing visit the same prescriber supervises, hiding it). Visits that overlap,
 * directly or through a chain of others, form a group; each visit takes the first lane free at its start, and
 * every visit of the group shares the group's lane count, so blocks never cover each other. Pure.
 */
export interface Span {
  id: string;
  /** Minutes after local midnight. */
  start: number;
  end: number;
}

export interface Lane {
  /** 0-based lane from the left. */
  lane: number;
  /** Lanes in the visit's group: the block is 1/lanes of the column wide. */
  lanes: number;
}

export function layoutLanes(spans: readonly Span[]): Map<string, Lane> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
  const out = new Map<string, Lane>();
  let group: string[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    for (const id of group) out.set(id, { lane: out.get(id)?.lane ?? 0, lanes: laneEnds.length });
    group = [];
    laneEnds = [];
  };
  for (const s of sorted) {
    if (s.start >= groupEnd) close();
    let lane = laneEnds.findIndex((end) => end <= s.start);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(s.end);
    } else laneEnds[lane] = s.end;
    out.set(s.id, { lane, lanes: 0 });
    group.push(s.id);
    groupEnd = Math.max(groupEnd, s.end);
  }
  close();
  return out;
}

/** The most lanes any group needs: columns widen with it so side-by-side blocks stay readable. */
export const maxLanes = (layout: Map<string, Lane>): number =>
  Math.max(1, ...[...layout.values()].map((l) => l.lanes));
