/**
 * A structural check of an 837P (005010X222A1) file: the checks a clearinghouse's first-level (TA1/999)
 * validation makes before it reads a claim. Used by the tests and by the export before it hands a file out.
 *
 * - envelope: one ISA … IEA with ISA13 = IEA02 and IEA01 = number of groups; GS06 = GE02 and GE01 = number of
 *   transactions; ST02 = SE02 and SE01 = the segments from ST to SE inclusive;
 * - hierarchy: HL01 numbered 1, 2, 3 … in order; HL02 names an earlier HL; HL03 20 (billing) has no parent,
 *   22 (subscriber) has a 20 parent, 23 (patient) has a 22 parent; HL04 says whether children follow;
 * - required loops: 1000A, 1000B, 2000A/2010AA, and under each subscriber 2010BA, 2010BB and a 2300 claim with
 *   HI and at least one 2400 line (LX, SV1, DTP*472);
 * - no empty required element, and no trailing empty element.
 */
export interface X12Segment {
  tag: string;
  elements: string[]; // elements[0] is the tag; elements[1] is XX01
}

export function parseX12(text: string): X12Segment[] {
  const body = text.trim();
  const terminator = body.charAt(105); // ISA is fixed-width: its 106th character ends it
  const elementDelimiter = body.charAt(3);
  return body
    .split(terminator)
    .map((s) => s.replace(/^[\r\n]+/, ''))
    .filter((s) => s.length > 0)
    .map((s) => {
      const elements = s.split(elementDelimiter);
      return { tag: elements[0] as string, elements };
    });
}

/** Elements required in the segments this export writes (position → name), from the 005010X222A1 guide. */
const REQUIRED: Record<string, number[]> = {
  ISA: [1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
  GS: [1, 2, 3, 4, 5, 6, 7, 8],
  ST: [1, 2, 3],
  BHT: [1, 2, 3, 4, 5, 6],
  HL: [1, 3, 4],
  PRV: [1, 2, 3],
  NM1: [1, 2, 3],
  PER: [1, 2, 3, 4],
  N3: [1],
  N4: [1, 2, 3],
  REF: [1, 2],
  SBR: [1, 9],
  DMG: [1, 2, 3],
  PAT: [1],
  CLM: [1, 2, 5, 6, 7, 8, 9],
  HI: [1],
  LX: [1],
  SV1: [1, 2, 3, 4, 7],
  DTP: [1, 2, 3],
  LIN: [2, 3],
  CTP: [4, 5],
  SE: [1, 2],
  GE: [1, 2],
  IEA: [1, 2],
};

const el = (s: X12Segment | undefined, i: number): string => s?.elements[i] ?? '';

export function check837p(text: string): string[] {
  const problems: string[] = [];
  const segs = parseX12(text);
  const tags = segs.map((s) => s.tag);
  const isa = segs[0];
  const iea = segs[segs.length - 1];
  if (isa?.tag !== 'ISA') problems.push('The file does not start with ISA');
  if (iea?.tag !== 'IEA') problems.push('The file does not end with IEA');
  if (el(isa, 13) !== el(iea, 2)) problems.push('ISA13 and IEA02 differ');
  if (el(isa, 13).length !== 9) problems.push('ISA13 is not nine digits');
  const groups = segs.filter((s) => s.tag === 'GS');
  if (Number(el(iea, 1)) !== groups.length) problems.push('IEA01 does not count the groups');

  for (const [i, s] of segs.entries()) {
    for (const p of REQUIRED[s.tag] ?? []) {
      if (!el(s, p).trim())
        problems.push(`${s.tag}${String(p).padStart(2, '0')} is empty (segment ${i + 1})`);
    }
    if (s.tag !== 'ISA' && s.elements.length > 1 && s.elements[s.elements.length - 1] === '')
      problems.push(`${s.tag} ends with an empty element (segment ${i + 1})`);
  }

  // Groups and transactions
  let gs: X12Segment | undefined;
  let transactions = 0;
  let stAt = -1;
  for (const [i, s] of segs.entries()) {
    if (s.tag === 'GS') {
      gs = s;
      transactions = 0;
    } else if (s.tag === 'GE') {
      if (el(s, 2) !== el(gs, 6)) problems.push('GS06 and GE02 differ');
      if (Number(el(s, 1)) !== transactions) problems.push('GE01 does not count the transactions');
    } else if (s.tag === 'ST') {
      stAt = i;
      transactions++;
      if (el(s, 3) !== '005010X222A1' || el(gs, 8) !== '005010X222A1')
        problems.push('Not a 005010X222A1 file');
    } else if (s.tag === 'SE') {
      const st = segs[stAt];
      if (el(s, 2) !== el(st, 2)) problems.push('ST02 and SE02 differ');
      if (Number(el(s, 1)) !== i - stAt + 1)
        problems.push(`SE01 says ${el(s, 1)} segments, there are ${i - stAt + 1}`);
      problems.push(...checkTransaction(segs.slice(stAt, i + 1)));
    }
  }
  if (!tags.includes('ST')) problems.push('No transaction');
  return problems;
}

function checkTransaction(tx: X12Segment[]): string[] {
  const problems: string[] = [];
  const nm1 = (q: string) => tx.some((s) => s.tag === 'NM1' && el(s, 1) === q);
  if (tx[1]?.tag !== 'BHT') problems.push('BHT does not follow ST');
  if (!nm1('41')) problems.push('Loop 1000A (submitter) is missing');
  if (!nm1('40')) problems.push('Loop 1000B (receiver) is missing');
  if (!nm1('85')) problems.push('Loop 2010AA (billing provider) is missing');

  // HL numbering and parents; then what each subscriber HL holds.
  const hls = tx.map((s, i) => ({ s, i })).filter(({ s }) => s.tag === 'HL');
  const levelOf = new Map<string, string>();
  hls.forEach(({ s, i }, n) => {
    const id = el(s, 1);
    const parent = el(s, 2);
    const level = el(s, 3);
    if (id !== String(n + 1)) problems.push(`HL ${id} is out of sequence (expected ${n + 1})`);
    if (parent && !levelOf.has(parent)) problems.push(`HL ${id} names a parent that does not come before it`);
    const want = level === '20' ? '' : level === '22' ? '20' : level === '23' ? '22' : null;
    if (want === null) problems.push(`HL ${id} has an unknown level ${level}`);
    else if (want === '' ? parent !== '' : levelOf.get(parent) !== want)
      problems.push(`HL ${id} (level ${level}) has the wrong parent`);
    levelOf.set(id, level);
    const end = hls[n + 1]?.i ?? tx.length - 1;
    const loop = tx.slice(i + 1, end);
    const hasChild = hls[n + 1] !== undefined && el(hls[n + 1]?.s, 2) === id;
    if ((el(s, 4) === '1') !== hasChild) problems.push(`HL ${id}: HL04 does not match its children`);
    if (level === '22') {
      if (loop[0]?.tag !== 'SBR') problems.push(`HL ${id}: SBR does not follow the subscriber HL`);
      if (!loop.some((x) => x.tag === 'NM1' && el(x, 1) === 'IL'))
        problems.push(`HL ${id}: loop 2010BA is missing`);
      if (!loop.some((x) => x.tag === 'NM1' && el(x, 1) === 'PR'))
        problems.push(`HL ${id}: loop 2010BB is missing`);
    }
    if (level === '22' || level === '23') {
      const claimHere = loop.some((x) => x.tag === 'CLM');
      if (!claimHere && el(s, 4) === '0') problems.push(`HL ${id}: no claim (loop 2300)`);
      if (claimHere) {
        const at = loop.findIndex((x) => x.tag === 'CLM');
        const claim = loop.slice(at);
        if (!claim.some((x) => x.tag === 'HI')) problems.push(`HL ${id}: the claim has no HI diagnoses`);
        const lx = claim.filter((x) => x.tag === 'LX').length;
        const sv1 = claim.filter((x) => x.tag === 'SV1').length;
        const dtp = claim.filter((x) => x.tag === 'DTP' && el(x, 1) === '472').length;
        if (lx === 0) problems.push(`HL ${id}: the claim has no service line (loop 2400)`);
        if (lx !== sv1 || lx !== dtp) problems.push(`HL ${id}: each LX needs one SV1 and one DTP*472`);
        for (const x of claim.filter((y) => y.tag === 'LIN'))
          if (el(x, 2) !== 'N4' || !/^\d{11}$/.test(el(x, 3)))
            problems.push(`HL ${id}: a drug line's NDC (LIN03) is not 11 digits`);
        if (claim.filter((x) => x.tag === 'LIN').length !== claim.filter((x) => x.tag === 'CTP').length)
          problems.push(`HL ${id}: each LIN needs one CTP with the quantity given`);
        const total = claim
          .filter((x) => x.tag === 'SV1')
          .reduce((t, x) => t + Math.round(Number(el(x, 2)) * 100), 0);
        if (Math.round(Number(el(claim[0], 2)) * 100) !== total)
          problems.push(`HL ${id}: CLM02 is not the sum of the lines`);
        const diagnoses = (claim.find((x) => x.tag === 'HI')?.elements.length ?? 1) - 1;
        for (const x of claim.filter((y) => y.tag === 'SV1'))
          for (const p of el(x, 7).split(':'))
            if (!(Number(p) >= 1 && Number(p) <= diagnoses))
              problems.push(`HL ${id}: a service line points at diagnosis ${p}, which is not on the claim`);
      }
    }
  });
  if (!hls.some(({ s }) => el(s, 3) === '20')) problems.push('Loop 2000A (billing provider HL) is missing');
  if (!hls.some(({ s }) => el(s, 3) === '22')) problems.push('Loop 2000B (subscriber HL) is missing');
  return problems;
}
