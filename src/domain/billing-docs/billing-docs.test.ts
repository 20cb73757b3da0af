import { describe, expect, it } from 'vitest';
import { chargesCsv, csvField, toCsv } from './csv';
import { formatEin, isValidNpi, isValidTaxonomy, normaliseEin, npiCheckDigit } from './identifiers';
import { buildSuperbill, linesToShow, type SuperbillInput } from './superbill';
import { check837p, parseX12 } from './x12-check';
import { type Batch837, build837p, type Claim837, ndc11 } from './x837p';

describe('identifiers', () => {
  it('computes the NPI check digit of the CMS worked example (123456789 → 3)', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
  });
  it('accepts real-format NPIs by hand computation and refuses the wrong length', () => {
    // 1000000004: sum 24 + (1*2 at the ninth-from-right? no) — hand: digits 100000000, rightmost doubled…
    // positions from the right of the nine: 0,0,0,0,0,0,0,0,1 → the 1 is 9th from the right (i = 8, doubled) → 2
    // sum = 24 + 2 = 26 → check 4.
    expect(npiCheckDigit('100000000')).toBe(4);
    expect(isValidNpi('1000000004')).toBe(true);
    expect(isValidNpi('100000004')).toBe(false);
    expect(isValidNpi('10000000a4')).toBe(false);
  });
  it('checks EIN format and IRS prefixes', () => {
    expect(normaliseEin('12-3456789')).toBe('123456789');
    expect(normaliseEin('123456789')).toBe('123456789');
    expect(normaliseEin('07-3456789')).toBeNull();
    expect(normaliseEin('12-345678')).toBeNull();
    expect(normaliseEin('1-23456789')).toBeNull();
    expect([formatEin('123456789'), formatEin('12-3456789')]).toEqual(['12-3456789', '12-3456789']);
  });
  it('checks taxonomy codes', () => {
    expect(isValidTaxonomy('2084P0800X')).toBe(true);
    expect(isValidTaxonomy('363LP0808X')).toBe(true);
    expect(isValidTaxonomy('2084P0800')).toBe(false);
  });
});

const visit = (
  date: string,
  charges: SuperbillInput['visits'][number]['charges'],
  detail: 'all' | 'main' = 'main',
) => ({
  date,
  placeOfService: '11' as const,
  visitType: 'IM dosing session',
  detail,
  clinician: { name: 'Dana Prescriber', npi: '1234567893', credentials: 'MD' },
  charges,
});
const em = {
  code: '99214',
  modifiers: ['25'],
  description: 'Office visit',
  units: 1,
  amountCents: 25000,
  diagnosisCodes: ['F33.1'],
};
const inj = {
  code: '96372',
  modifiers: [],
  description: 'Injection',
  units: 1,
  amountCents: 4000,
  diagnosisCodes: ['F33.1', 'F41.1'],
};
const drug = {
  code: 'J3490',
  modifiers: [],
  description: 'Ketamine',
  units: 1,
  amountCents: 6000,
  diagnosisCodes: ['F33.1'],
};

const input = (visits: SuperbillInput['visits'], paidCents = 0): SuperbillInput => ({
  practice: {
    name: 'Clinic',
    addressLines: ['1 Main St'],
    phone: null,
    taxId: '12-3456789',
    npi: '1234567893',
    taxonomy: null,
  },
  patient: { name: 'Pat', dateOfBirth: '1990-01-01', addressLines: [], phone: null },
  coverage: null,
  diagnoses: [
    { code: 'F33.1', description: 'Major depressive disorder, recurrent, moderate' },
    { code: 'F41.1', description: 'Generalized anxiety disorder' },
  ],
  visits,
  paidCents,
  period: { from: '2026-11-01', to: '2026-11-30' },
  issuedOn: '2026-12-05',
});

describe('superbill', () => {
  it('lists only the main codes when the visit type asks for few codes, all otherwise', () => {
    expect(linesToShow([em, inj, drug], 'main').map((c) => c.code)).toEqual(['99214', '96372']);
    expect(linesToShow([em, inj, drug], 'all').map((c) => c.code)).toEqual(['99214', '96372', 'J3490']);
    expect(linesToShow([drug], 'main').map((c) => c.code)).toEqual(['J3490']); // never an empty visit
  });
  it('letters the diagnoses across visits and points lines at them; balance covers items left off', () => {
    const b = buildSuperbill(input([visit('2026-11-20', [inj]), visit('2026-11-03', [em, drug])], 10000));
    expect(b.diagnoses.map((d) => `${d.letter} ${d.code}`)).toEqual(['A F33.1', 'B F41.1']);
    expect(b.lines.map((l) => `${l.date} ${l.code} ${l.pointers.join('')}`)).toEqual([
      '2026-11-03 99214 A',
      '2026-11-20 96372 AB',
    ]);
    expect(b.listedCents).toBe(29000);
    expect(b.totalCents).toBe(35000);
    expect(b.balanceCents).toBe(25000);
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField(null)).toBe('');
    expect(toCsv(['x', 'y'], [['1', 'a, "b"']])).toBe('x,y\r\n1,"a, ""b"""\r\n');
  });
  it('writes one row per charge with the amount in dollars', () => {
    const csv = chargesCsv([
      {
        dateOfService: '2026-11-03',
        patient: 'Doe, Jane',
        visitType: 'Esketamine',
        clinician: 'Dana',
        code: 'G2083',
        modifiers: [],
        description: 'Esketamine, over 56 mg',
        units: 1,
        amountCents: 123456,
        diagnoses: ['F33.2'],
        status: 'final',
        finalisedOn: '2026-11-03',
      },
    ]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      '2026-11-03,"Doe, Jane",Esketamine,Dana,G2083,,"Esketamine, over 56 mg",1,1234.56,F33.2,final,2026-11-03',
    );
  });
});

const address = { line1: '1 Main St', line2: null, city: 'Portland', state: 'OR', zip: '97201-1234' };
const claim = (n: number, overrides: Partial<Claim837> = {}): Claim837 => ({
  controlNumber: `V${n}`,
  placeOfService: '11',
  patient: { lastName: 'Doe', firstName: 'Jane', dateOfBirth: '1980-02-03', sex: 'F', address },
  relationship: '18',
  subscriber: {
    lastName: 'Doe',
    firstName: 'Jane',
    dateOfBirth: '1980-02-03',
    sex: 'F',
    address,
    memberId: 'W123',
    groupNumber: 'G9',
  },
  payer: { name: 'Acme Health', id: '60054' },
  filingIndicator: 'CI',
  diagnoses: ['F33.2', 'F41.1'],
  rendering: { lastName: 'Prescriber', firstName: 'Dana', npi: '1234567893', taxonomy: '2084P0800X' },
  lines: [
    { code: 'G2083', modifiers: [], amountCents: 90000, units: 1, pointers: [1], date: '2026-11-03' },
    { code: 'J0013', modifiers: ['JZ'], amountCents: 50050, units: 84, pointers: [1, 2], date: '2026-11-03' },
  ],
  ...overrides,
});
const batch = (claims: Claim837[]): Batch837 => ({
  interchangeControl: 42,
  createdAt: new Date('2026-12-05T03:04:00Z'),
  usage: 'T',
  submitter: { name: 'Liminal Demo Clinic', id: 'LIMDEMO', contactName: 'Billing', phone: '(503) 555-0100' },
  receiver: { name: 'Clearinghouse', id: 'CH01' },
  billing: {
    name: 'Liminal Demo Clinic',
    npi: '1000000004',
    taxId: '123456789',
    taxonomy: '261QM0801X',
    address,
  },
  claims,
});

describe('837P', () => {
  it('writes a structurally valid file: envelope, control numbers, counts, loops', () => {
    const text = build837p(batch([claim(1), claim(2)]));
    expect(check837p(text)).toEqual([]);
    const segs = parseX12(text);
    const get = (tag: string) => segs.filter((s) => s.tag === tag);
    expect(get('ISA')[0]?.elements[13]).toBe('000000042');
    expect(get('IEA')[0]?.elements).toEqual(['IEA', '1', '000000042']);
    expect(get('GS')[0]?.elements[6]).toBe('42');
    expect(get('GE')[0]?.elements).toEqual(['GE', '1', '42']);
    const st = segs.findIndex((s) => s.tag === 'ST');
    const se = segs.findIndex((s) => s.tag === 'SE');
    expect(segs[se]?.elements[1]).toBe(String(se - st + 1));
    expect(get('HL').map((s) => s.elements.slice(1).join('*'))).toEqual(['1**20*1', '2*1*22*0', '3*1*22*0']);
    expect(get('CLM')[0]?.elements.slice(1, 6)).toEqual(['V1', '1400.5', '', '', '11:B:1']);
    expect(get('HI')[0]?.elements.slice(1)).toEqual(['ABK:F332', 'ABF:F411']);
    expect(get('SV1')[1]?.elements.slice(1)).toEqual(['HC:J0013:JZ', '500.5', 'UN', '84', '', '', '1:2']);
    expect(get('NM1').map((s) => s.elements[1])).toEqual([
      '41',
      '40',
      '85',
      'IL',
      'PR',
      '82',
      'IL',
      'PR',
      '82',
    ]);
    expect(get('N4')[0]?.elements.slice(1)).toEqual(['PORTLAND', 'OR', '972011234']);
    expect(get('REF')[0]?.elements.slice(1)).toEqual(['EI', '123456789']);
  });
  it('adds a patient HL under the subscriber when the patient is not the insured', () => {
    const text = build837p(
      batch([
        claim(1, {
          relationship: '19',
          subscriber: { ...claim(1).subscriber, firstName: 'John', dateOfBirth: '1950-01-01' },
        }),
      ]),
    );
    expect(check837p(text)).toEqual([]);
    const segs = parseX12(text);
    expect(segs.filter((s) => s.tag === 'HL').map((s) => s.elements.slice(1).join('*'))).toEqual([
      '1**20*1',
      '2*1*22*1',
      '3*2*23*0',
    ]);
    expect(segs.find((s) => s.tag === 'PAT')?.elements[1]).toBe('19');
  });
  it('names the drug of a drug line in loop 2410 (LIN N4 NDC, CTP quantity and unit) when the charge has its NDC', () => {
    const withDrug = claim(1, {
      lines: [
        { code: 'G2083', modifiers: [], amountCents: 90000, units: 1, pointers: [1], date: '2026-11-03' },
        {
          code: 'J0013',
          modifiers: ['JZ'],
          amountCents: 50050,
          units: 84,
          pointers: [1],
          date: '2026-11-03',
          drug: { ndc: '50458-028-02', quantity: 84, unit: 'ME' },
        },
      ],
    });
    const text = build837p(batch([withDrug]));
    expect(check837p(text)).toEqual([]);
    const segs = parseX12(text);
    const tags = segs.map((s) => s.tag);
    // 2410 follows its own line's DTP*472, and only the drug line has one
    expect(tags.slice(tags.lastIndexOf('SV1'), tags.lastIndexOf('SV1') + 4)).toEqual([
      'SV1',
      'DTP',
      'LIN',
      'CTP',
    ]);
    expect(segs.filter((s) => s.tag === 'LIN').map((s) => s.elements.slice(1))).toEqual([
      ['', 'N4', '50458002802'],
    ]);
    expect(segs.find((s) => s.tag === 'CTP')?.elements.slice(1)).toEqual(['', '', '', '84', 'ME']);
    // a short NDC is never sent as if whole
    expect([
      ndc11('0409-2051-05'),
      ndc11('50458-028-02'),
      ndc11('12345-6789-1'),
      ndc11('12345678901'),
    ]).toEqual(['00409205105', '50458002802', '12345678901', '12345678901']);
    expect([ndc11('1234'), ndc11('123-45-6'), ndc11('abcde-fghi-jk')]).toEqual([null, null, null]);
    const bad = text.replace('N4*50458002802', 'N4*5045800280');
    expect(check837p(bad)).toContain("HL 2: a drug line's NDC (LIN03) is not 11 digits");
  });
  it('the check finds what is broken', () => {
    const good = build837p(batch([claim(1)]));
    expect(check837p(good.replace('IEA*1*000000042', 'IEA*1*000000043'))).toContain('ISA13 and IEA02 differ');
    expect(
      check837p(good.replace(/SE\*(\d+)\*/, (_m, n) => `SE*${Number(n) + 1}*`)).some((p) =>
        p.startsWith('SE01 says'),
      ),
    ).toBe(true);
    expect(check837p(good.replace('HL*2*1*22*0', 'HL*3*1*22*0'))).toContain(
      'HL 3 is out of sequence (expected 2)',
    );
    expect(check837p(good.replace(/NM1\*PR\*[^~]*~\n/, '')).some((p) => p.includes('2010BB'))).toBe(true);
    expect(check837p(good.replace('*1:2~', '*1:3~'))).toContain(
      'HL 2: a service line points at diagnosis 3, which is not on the claim',
    );
    expect(check837p(good.replace('DTP*472*D8*20261103~\n', ''))).toContain(
      'HL 2: each LX needs one SV1 and one DTP*472',
    );
  });
  it('keeps delimiters and non-ASCII out of the text elements', () => {
    const text = build837p(
      batch([
        claim(1, {
          patient: claim(1).patient,
          subscriber: { ...claim(1).subscriber, lastName: 'Nuñez*~O’Brien' },
        }),
      ]),
    );
    expect(text).toContain('NM1*IL*1*NUNEZ OBRIEN*JANE****MI*W123~');
    expect(check837p(text)).toEqual([]);
  });
});
