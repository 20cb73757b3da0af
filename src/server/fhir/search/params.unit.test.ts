import type { Observation, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { TYPES } from '../registry';
import { matchDate, matchToken, normaliseReference, type Range, type TokenValue } from './match';
import { matches, parseSearch, sortLoaded } from './params';
import type { Filter, Loaded } from './vocabulary';

const observationType = TYPES.find((t) => t.type === 'Observation');
if (!observationType) throw new Error('the registry has no Observation');
const T = observationType;

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

const obs = (id: string, patientId: string | null, code: string, at: string): Loaded => ({
  patientId,
  resource: {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: patientId ? { reference: `Patient/${patientId}` } : undefined,
    effectiveDateTime: at,
  } as Observation,
});

/** The filter semantics written the plain way (references as `Type/id` strings), to hold `matches` to. */
function plainly(l: Loaded, filters: Filter[]): boolean {
  return filters.every((f) => {
    const got = f.def.get(l.resource, l);
    switch (f.def.kind) {
      case 'token':
        return f.values.some((v) => matchToken(got as TokenValue[], v));
      case 'reference': {
        const fallback = f.modifier ?? (f.def.targets?.length === 1 ? f.def.targets[0] : undefined);
        return f.values
          .map((v) => normaliseReference(v, fallback))
          .some((want) => want !== null && (got as string[]).includes(want));
      }
      case 'date':
        return (f.dates ?? []).some((d) => (got as Range[]).some((r) => matchDate(r, d.prefix, d.range)));
      default:
        throw new Error(`not covered here: ${f.def.kind}`);
    }
  });
}

describe('a search filter on loaded resources', () => {
  const loaded = [
    obs('a', P1, '8867-4', '2026-11-02T10:00:00Z'),
    obs('b', P1, '8480-6', '2026-11-03T10:00:00Z'),
    obs('c', P2, '8867-4', '2026-11-04T10:00:00Z'),
    obs('d', null, '8867-4', '2026-11-05T10:00:00Z'),
    { ...obs('e', '', '8867-4', '2026-11-05T10:00:00Z') },
  ];
  const queries = [
    `patient=${P1}`,
    `patient=Patient/${P2}`,
    `patient=${P1},${P2}&code=8867-4`,
    `patient=https://clinic.example/fhir/R4/Patient/${P2}`,
    `patient=Practitioner/${P1}`,
    `subject=Patient/${P1}&code=http://loinc.org|8480-6`,
    'code=|8867-4',
    'code=http://loinc.org|',
    `patient=${P1}&date=ge2026-11-03`,
    'date=lt2026-11-04&code=8867-4,8480-6',
  ];

  it('finds what the plain reading of each parameter finds, the patient compared by id', () => {
    for (const q of queries) {
      const { filters } = parseSearch(T, new URLSearchParams(q));
      const got = loaded.filter((l) => matches(l, filters)).map((l) => l.resource.id);
      expect(got, q).toEqual(loaded.filter((l) => plainly(l, filters)).map((l) => l.resource.id));
    }
    const byPatient = (q: string) =>
      loaded
        .filter((l) => matches(l, parseSearch(T, new URLSearchParams(q)).filters))
        .map((l) => l.resource.id);
    expect(byPatient(`patient=${P1}`)).toEqual(['a', 'b']);
    expect(byPatient(`patient=${P1},${P2}&code=8867-4`)).toEqual(['a', 'c']);
    expect(byPatient(`patient=Practitioner/${P1}`)).toEqual([]);
  });
});

describe('the order of a search', () => {
  const item = (resourceType: string, id: string, at?: string): Loaded => ({
    patientId: P1,
    resource: { resourceType, id, ...(at ? { effectiveDateTime: at } : {}) } as Resource,
  });
  const asText = (items: Loaded[]) => items.map((l) => `${l.resource.resourceType}/${l.resource.id}`);

  it('is by Type/id unless asked otherwise, as comparing those strings would order them', () => {
    const items = [
      item('Observation', 'b2'),
      item('Observation', 'a9'),
      item('Obs', 'zz'),
      item('ObservationX', 'a'),
      item('Observation', 'B1'),
    ];
    const expected = asText(items).sort();
    expect(asText(sortLoaded(items, T, null))).toEqual(expected);
    expect(asText(sortLoaded(items, T, { key: '_id', desc: false }))).toEqual(expected);
    expect(asText(sortLoaded(items, T, { key: '_id', desc: true }))).toEqual([...expected].reverse());
    expect(asText(items)[0]).toBe('Observation/b2'); // the input is left as it was
  });

  it('hands back an already ordered list as it is, and orders by date with the id breaking ties', () => {
    const ordered = [item('Observation', 'a'), item('Observation', 'b'), item('Observation', 'c')];
    expect(sortLoaded(ordered, T, null)).toBe(ordered);
    const dated = [
      item('Observation', 'c', '2026-11-02T10:00:00Z'),
      item('Observation', 'b', '2026-11-03T10:00:00Z'),
      item('Observation', 'a', '2026-11-02T10:00:00Z'),
    ];
    expect(asText(sortLoaded(dated, T, { key: 'date', desc: false }))).toEqual([
      'Observation/a',
      'Observation/c',
      'Observation/b',
    ]);
    expect(asText(sortLoaded(dated, T, { key: 'date', desc: true }))).toEqual([
      'Observation/b',
      'Observation/a',
      'Observation/c',
    ]);
  });
});
