import x12 from 'node-x12';
import type { PlaceOfService } from './identifiers';

/**
 * ASC X12 837 Professional claim, version 005010X222A1 (issue #22): the file a clinic sends its clearinghouse for
 * the esketamine visits insurers pay for. node-x12 (MIT) writes the envelope (ISA/GS/ST … SE/GE/IEA, with the
 * SE, GE and IEA counts and control numbers); the loops below are written here, in the order and with the
 * qualifiers of the 005010X222A1 implementation guide (ASC X12N, "Health Care Claim: Professional (837)",
 * 2010, and its addenda; the CMS-1500 crosswalk of the NUCC 1500 instructions for the meanings):
 *
 *   BHT             beginning of hierarchical transaction, 0019 / 00 original / CH chargeable
 *   1000A  NM1*41   submitter (the practice), PER*IC contact
 *   1000B  NM1*40   receiver (the clearinghouse or payer)
 *   2000A  HL *20   billing provider, PRV*BI taxonomy
 *   2010AA NM1*85   billing provider name + NPI (XX), N3/N4 address, REF*EI tax id
 *   2000B  HL *22   subscriber, SBR (P primary; 18 when the patient is the subscriber; claim filing indicator)
 *   2010BA NM1*IL   subscriber name + member id (MI), N3/N4, DMG
 *   2010BB NM1*PR   payer name + payer id (PI)
 *   2000C  HL *23   patient, when not the subscriber: PAT relationship, 2010CA NM1*QC, N3/N4, DMG
 *   2300   CLM      claim: patient control number, total, place of service:B:1 frequency, Y/A/Y/Y; HI diagnoses
 *   2310B  NM1*82   rendering provider + NPI, PRV*PE taxonomy
 *   2400   LX/SV1   service lines: HC:code:modifiers, charge, UN units, pointers; DTP*472 date of service
 *   2410   LIN/CTP  drug identification on a drug line (J0013, J3490): LIN**N4*<11-digit NDC>, CTP****<qty>*<unit>
 *
 * One claim (2300) per visit; one subscriber HL per claim. Elements left empty at the end of a segment are cut
 * (X12 forbids trailing delimiters). A drug line whose charge carries an NDC gets its 2410 loop (payers want the
 * NDC, in the 11-digit 5-4-2 form, and the quantity given for J-codes); a line without one is sent without it.
 */
const { JSEDINotation, X12Generator } = x12;

export interface X12Party {
  name: string;
  id: string;
}

export interface X12Address {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip: string;
}

export interface ClaimPerson {
  lastName: string;
  firstName: string;
  dateOfBirth: string; // YYYY-MM-DD
  sex: 'F' | 'M' | 'U';
  address: X12Address;
}

export interface ClaimServiceLine {
  code: string;
  modifiers: string[];
  amountCents: number;
  units: number;
  /** 1-based pointers into the claim's diagnoses (at most four). */
  pointers: number[];
  date: string; // YYYY-MM-DD
  /** The drug given on this line (2410), when the charge names its NDC. */
  drug?: { ndc: string; quantity: number; unit: 'ME' | 'UN' | 'ML' | 'GR' | 'F2' } | null;
}

export interface Claim837 {
  /** The patient control number (CLM01): the clinic's own reference for the visit, at most 20 characters. */
  controlNumber: string;
  placeOfService: PlaceOfService;
  patient: ClaimPerson;
  /** Relationship to the insured, X12 code (18 self, 01 spouse, 19 child, G8 other). */
  relationship: '18' | '01' | '19' | 'G8';
  subscriber: ClaimPerson & { memberId: string; groupNumber: string | null };
  payer: X12Party;
  /** SBR09 claim filing indicator: CI commercial, BL Blue Cross/Blue Shield, MB Medicare Part B, MC Medicaid, HM HMO. */
  filingIndicator: 'CI' | 'BL' | 'MB' | 'MC' | 'HM' | '12' | '13' | '14' | '15' | '16';
  diagnoses: string[]; // ICD-10-CM, with or without the dot; first is the principal
  rendering: { lastName: string; firstName: string; npi: string; taxonomy: string | null };
  lines: ClaimServiceLine[];
}

export interface Batch837 {
  /** The interchange control number (ISA13, and GS06): increases by one per batch. */
  interchangeControl: number;
  createdAt: Date;
  /** ISA15: T while the clinic tests with its clearinghouse, P in production. */
  usage: 'T' | 'P';
  submitter: X12Party & { contactName: string; phone: string };
  receiver: X12Party;
  billing: {
    name: string;
    npi: string;
    taxId: string; // nine digits
    taxonomy: string | null;
    address: X12Address;
  };
  claims: Claim837[];
}

const pad = (s: string, n: number) => s.slice(0, n).padEnd(n, ' ');
const digits = (s: string) => s.replace(/\D/g, '');
/** X12 basic character set: upper case, and none of the delimiters this file uses (* ~ : ^). */
export const x12Text = (s: string, max = 60): string =>
  s
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[*~:^]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase()
    .slice(0, max);
const money = (cents: number) => {
  const s = (cents / 100).toFixed(2);
  return s.endsWith('.00') ? s.slice(0, -3) : s.replace(/0$/, '');
};
/**
 * The 11-digit (5-4-2) NDC claims use. A labelled NDC has 10 digits in one of three shapes (4-4-2, 5-3-2, 5-4-1);
 * the claim form pads the short part with a leading zero (FDA, NDC directory; NUCC 1500 instructions, item 24).
 * Null when the text is neither 11 digits nor a dashed 10-digit NDC.
 */
export function ndc11(ndc: string): string | null {
  const parts = ndc.trim().split('-');
  if (parts.length === 1) return /^\d{11}$/.test(ndc.trim()) ? ndc.trim() : null;
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p))) return null;
  const [a, b, c] = parts as [string, string, string];
  const shape = `${a.length}-${b.length}-${c.length}`;
  if (shape === '5-4-2') return a + b + c;
  if (shape === '4-4-2') return `0${a}${b}${c}`;
  if (shape === '5-3-2') return `${a}0${b}${c}`;
  if (shape === '5-4-1') return `${a}${b}0${c}`;
  return null;
}
const ymd = (d: string) => d.replaceAll('-', '');
const zip = (z: string) => digits(z);

function trimTrailing(elements: string[]): string[] {
  const out = [...elements];
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

export const DELIMITERS = {
  elementDelimiter: '*',
  segmentTerminator: '~',
  subElementDelimiter: ':',
  repetitionDelimiter: '^',
  endOfLine: '\n',
  format: true,
} as const;

export function build837p(batch: Batch837): string {
  if (batch.claims.length === 0) throw new Error('An 837P needs at least one claim');
  const at = batch.createdAt.toISOString();
  const ccyymmdd = ymd(at.slice(0, 10));
  const hhmm = at.slice(11, 16).replace(':', '');
  const control = String(batch.interchangeControl).padStart(9, '0');
  const n = new JSEDINotation(
    [
      '00',
      pad('', 10),
      '00',
      pad('', 10),
      'ZZ',
      pad(x12Text(batch.submitter.id, 15), 15),
      'ZZ',
      pad(x12Text(batch.receiver.id, 15), 15),
      ccyymmdd.slice(2),
      hhmm,
      '^',
      '00501',
      control,
      '0',
      batch.usage,
      ':',
    ],
    DELIMITERS,
  );
  const group = n.addFunctionalGroup([
    'HC',
    x12Text(batch.submitter.id, 15),
    x12Text(batch.receiver.id, 15),
    ccyymmdd,
    hhmm,
    String(batch.interchangeControl),
    'X',
    '005010X222A1',
  ]);
  const tx = group.addTransaction(['837', '0001', '005010X222A1']);
  const seg = (tag: string, ...elements: string[]) => tx.addSegment(tag, trimTrailing(elements));
  const address = (a: X12Address) => {
    seg('N3', x12Text(a.line1, 55), a.line2 ? x12Text(a.line2, 55) : '');
    seg('N4', x12Text(a.city, 30), x12Text(a.state, 2), zip(a.zip));
  };
  const person = (qualifier: string, p: ClaimPerson, memberId: string | null) => {
    seg(
      'NM1',
      qualifier,
      '1',
      x12Text(p.lastName, 60),
      x12Text(p.firstName, 35),
      '',
      '',
      '',
      memberId ? 'MI' : '',
      memberId ? x12Text(memberId, 80) : '',
    );
    address(p.address);
    seg('DMG', 'D8', ymd(p.dateOfBirth), p.sex);
  };

  seg('BHT', '0019', '00', `LIM${control}`, ccyymmdd, hhmm, 'CH');
  // 1000A submitter, 1000B receiver
  seg('NM1', '41', '2', x12Text(batch.submitter.name), '', '', '', '', '46', x12Text(batch.submitter.id, 80));
  seg('PER', 'IC', x12Text(batch.submitter.contactName), 'TE', digits(batch.submitter.phone));
  seg('NM1', '40', '2', x12Text(batch.receiver.name), '', '', '', '', '46', x12Text(batch.receiver.id, 80));
  // 2000A billing provider
  let hl = 1;
  seg('HL', String(hl), '', '20', '1');
  if (batch.billing.taxonomy) seg('PRV', 'BI', 'PXC', batch.billing.taxonomy);
  seg('NM1', '85', '2', x12Text(batch.billing.name), '', '', '', '', 'XX', batch.billing.npi);
  address(batch.billing.address);
  seg('REF', 'EI', digits(batch.billing.taxId));

  for (const claim of batch.claims) {
    const self = claim.relationship === '18';
    const subscriberHl = ++hl;
    seg('HL', String(subscriberHl), '1', '22', self ? '0' : '1');
    seg(
      'SBR',
      'P',
      self ? '18' : '',
      claim.subscriber.groupNumber ? x12Text(claim.subscriber.groupNumber, 50) : '',
      '',
      '',
      '',
      '',
      '',
      claim.filingIndicator,
    );
    // 2010BA subscriber: address and DMG only when the subscriber is the patient (the guide's rule).
    if (self) person('IL', claim.subscriber, claim.subscriber.memberId);
    else
      seg(
        'NM1',
        'IL',
        '1',
        x12Text(claim.subscriber.lastName),
        x12Text(claim.subscriber.firstName, 35),
        '',
        '',
        '',
        'MI',
        x12Text(claim.subscriber.memberId, 80),
      );
    seg('NM1', 'PR', '2', x12Text(claim.payer.name), '', '', '', '', 'PI', x12Text(claim.payer.id, 80));
    if (!self) {
      seg('HL', String(++hl), String(subscriberHl), '23', '0');
      seg('PAT', claim.relationship);
      person('QC', claim.patient, null);
    }
    // 2300 claim
    const total = claim.lines.reduce((s, l) => s + l.amountCents, 0);
    seg(
      'CLM',
      x12Text(claim.controlNumber, 20),
      money(total),
      '',
      '',
      `${claim.placeOfService}:B:1`,
      'Y',
      'A',
      'Y',
      'Y',
    );
    seg(
      'HI',
      ...claim.diagnoses
        .slice(0, 12)
        .map((d, i) => `${i === 0 ? 'ABK' : 'ABF'}:${d.replace('.', '').toUpperCase()}`),
    );
    // 2310B rendering provider
    seg(
      'NM1',
      '82',
      '1',
      x12Text(claim.rendering.lastName),
      x12Text(claim.rendering.firstName, 35),
      '',
      '',
      '',
      'XX',
      claim.rendering.npi,
    );
    if (claim.rendering.taxonomy) seg('PRV', 'PE', 'PXC', claim.rendering.taxonomy);
    // 2400 service lines
    claim.lines.forEach((l, i) => {
      seg('LX', String(i + 1));
      seg(
        'SV1',
        ['HC', l.code.toUpperCase(), ...l.modifiers.slice(0, 4).map((m) => m.toUpperCase())].join(':'),
        money(l.amountCents),
        'UN',
        String(l.units),
        '',
        '',
        l.pointers.slice(0, 4).join(':'),
      );
      seg('DTP', '472', 'D8', ymd(l.date));
      const ndc = l.drug ? ndc11(l.drug.ndc) : null;
      if (l.drug && ndc && l.drug.quantity > 0) {
        seg('LIN', '', 'N4', ndc);
        seg('CTP', '', '', '', String(Number(l.drug.quantity.toFixed(3))), l.drug.unit);
      }
    });
  }
  return new X12Generator(n, DELIMITERS).toString();
}
