import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { deepFreeze, fhirJson, KeptRenderings, resourceJson } from './kept';
import { keptVitals } from './sources/care';

const reading = (id: string, hr: number) => ({
  id,
  session_id: '22222222-2222-4222-8222-222222222222',
  patient_id: '33333333-3333-4333-8333-333333333333',
  kind: 'vitals',
  at: '2026-11-02T10:00:00.000Z',
  data: JSON.stringify({ kind: 'vitals', vitals: { sbp: 131, dbp: 74, hr, spo2: 97, rr: 17 } }),
  corrects_id: null,
  recorded_by: '44444444-4444-4444-8444-444444444444',
  recorded_at: '2026-11-02T10:00:05.000Z',
});

const bundleOf = (resources: Resource[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  meta: { lastUpdated: '2026-12-06T11:00:00.000Z' },
  total: resources.length,
  link: [
    { relation: 'self', url: 'https://clinic.example/fhir/R4/Observation?code=8867-4&note=%22quoted%22' },
  ],
  entry: resources.map((resource) => ({
    fullUrl: `https://clinic.example/fhir/R4/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode: 'match' },
  })),
});

describe('the JSON of FHIR answers', () => {
  it('is exactly what JSON.stringify gives, kept resources or not, escapes and empty bundles included', () => {
    const kept = deepFreeze({
      resourceType: 'Patient',
      id: 'a',
      name: [{ text: 'Zoë "Z" Ng\u2028' }],
    } as Resource);
    const fresh = { resourceType: 'Patient', id: 'b', active: undefined, gender: 'unknown' } as Resource;
    resourceJson(kept); // its JSON is now kept with it
    for (const body of [
      bundleOf([kept, fresh, kept]),
      bundleOf([]),
      { ...bundleOf([]), entry: undefined },
      kept,
      fresh,
    ] as Resource[])
      expect(fhirJson(body).toString()).toBe(JSON.stringify(body));
  });

  it('reuses a kept entry only for the same URL and mode: another base, an include, an extra member or another order is written anew', () => {
    const kept = deepFreeze({ resourceType: 'Observation', id: 'o1', status: 'final' } as Resource);
    const first = bundleOf([kept]);
    expect(fhirJson(first).toString()).toBe(JSON.stringify(first));
    expect(fhirJson(first).toString()).toBe(JSON.stringify(first)); // the kept entry
    const elsewhere = {
      ...first,
      entry: [
        {
          fullUrl: 'https://other.example/fhir/R4/Observation/o1',
          resource: kept,
          search: { mode: 'match' },
        },
      ],
    } as Bundle;
    const included = {
      ...first,
      entry: [{ ...(first.entry?.[0] as object), search: { mode: 'include' } }],
    } as Bundle;
    const extra = {
      ...first,
      entry: [{ ...(first.entry?.[0] as object), request: { method: 'GET', url: 'Observation/o1' } }],
    } as Bundle;
    const reordered = {
      ...first,
      entry: [
        {
          resource: kept,
          fullUrl: 'https://clinic.example/fhir/R4/Observation/o1',
          search: { mode: 'match' },
        },
      ],
    } as Bundle;
    const scored = {
      ...first,
      entry: [{ ...(first.entry?.[0] as object), search: { mode: 'match', score: 1 } }],
    } as Bundle;
    for (const body of [elsewhere, included, extra, reordered, scored, first])
      expect(fhirJson(body).toString()).toBe(JSON.stringify(body));
  });

  it('keeps the JSON of frozen resources only: a resource that can still change is serialised each time', () => {
    const open = { resourceType: 'Patient', id: 'c', gender: 'female' } as Resource & { gender: string };
    expect(resourceJson(open)).toContain('"female"');
    open.gender = 'male';
    expect(resourceJson(open)).toContain('"male"');
    const frozen = deepFreeze({
      resourceType: 'Patient',
      id: 'd',
      meta: { lastUpdated: '2026-12-01' },
    } as Resource);
    expect([Object.isFrozen(frozen), Object.isFrozen(frozen.meta)]).toEqual([true, true]);
    expect(() => {
      (frozen.meta as { lastUpdated: string }).lastUpdated = '2026-12-02';
    }).toThrow(TypeError);
    expect(resourceJson(frozen)).toBe(JSON.stringify(frozen));
  });
});

describe('kept renderings', () => {
  it('hold at most their bound, the oldest going first', () => {
    const k = new KeptRenderings<number>(3);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) k.set(key, i);
    expect(k.size).toBe(3);
    expect(k.get('a')).toBeUndefined();
    expect(k.get('d')).toBe(3);
    k.set('b', 10); // replacing a kept one evicts nothing
    expect([k.get('b'), k.get('c'), k.size]).toEqual([10, 2, 3]);
  });

  it('weigh what they keep: past the bound in all, the oldest go first; one heavier than the bound is not kept', () => {
    const k = new KeptRenderings<number[]>(5, (v) => v.length);
    k.set('a', [1, 2]);
    k.set('b', [1, 2]);
    k.set('c', [1]);
    expect(k.size).toBe(3); // 5 in all
    k.set('d', [1, 2]); // 7: 'a' goes
    expect([k.get('a'), k.size]).toEqual([undefined, 3]);
    k.set('b', [1, 2, 3, 4]); // 'b' replaced and now newest, 7 in all: 'c' goes, then 'd'
    expect([k.get('c'), k.get('d'), k.get('b')?.length, k.size]).toEqual([undefined, undefined, 4, 1]);
    k.set('e', [1, 2, 3, 4, 5, 6]); // heavier than the bound
    expect([k.get('e'), k.get('b')?.length]).toEqual([undefined, 4]);
  });

  it('once over their bound, make room for a sixteenth of it at a time, the oldest going first', () => {
    const k = new KeptRenderings<number>(160);
    for (let i = 0; i < 160; i++) k.set(`k${i}`, i);
    expect(k.size).toBe(160);
    k.set('k160', 160); // 161: down to 150, k0…k10 gone
    expect([k.size, k.get('k10'), k.get('k11'), k.get('k160')]).toEqual([150, undefined, 11, 160]);
    for (let i = 161; i < 171; i++) k.set(`k${i}`, i); // back to 160: nothing more goes
    expect([k.size, k.get('k11')]).toEqual([160, 11]);
  });

  it('give a vital sign exactly as rendered from its row: another row under the same id, or a correction, is rendered anew', () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const hr = new Set(['hr'] as const);
    const first = keptVitals(reading(id, 72), null, hr)[0] as Observation;
    expect(first.valueQuantity?.value).toBe(72);
    expect(keptVitals(reading(id, 72), null, hr)[0]).toBe(first); // the same row: the kept one
    // The same id with other values (another clinic's database in the same process): rendered from this row.
    expect(keptVitals(reading(id, 90), null, hr)[0]?.valueQuantity?.value).toBe(90);
    const corrected = keptVitals(reading(id, 90), '55555555-5555-4555-8555-555555555555', hr)[0];
    expect(corrected?.status).toBe('entered-in-error');
    expect(corrected?.note?.[0]?.text).toContain('Observation/55555555-5555-4555-8555-555555555555-hr');
    // Every kind, then one kind: the same objects, frozen, in the table's order.
    const all = keptVitals(reading(id, 90), null);
    expect(all.map((o) => o.id)).toEqual([`${id}-bp`, `${id}-hr`, `${id}-spo2`, `${id}-rr`]);
    expect(all.every((o) => Object.isFrozen(o))).toBe(true);
    expect(keptVitals(reading(id, 90), null, hr)).toEqual([all[1]]);
    // A load too long to keep (keep = false) uses what is kept and keeps nothing of its own.
    const otherId = '66666666-6666-4666-8666-666666666666';
    const unkept = keptVitals(reading(otherId, 80), null, hr, false)[0] as Observation;
    expect([unkept.valueQuantity?.value, Object.isFrozen(unkept)]).toEqual([80, false]);
    expect(keptVitals(reading(otherId, 80), null, hr, false)[0]).not.toBe(unkept);
    expect(keptVitals(reading(id, 90), null, hr, false)[0]).toBe(all[1]);
    // An entry without a kind yields none of it, kept or not.
    const noHr = { ...reading(id, 0), data: JSON.stringify({ kind: 'vitals', vitals: { spo2: 95 } }) };
    expect(keptVitals(noHr, null, hr)).toEqual([]);
    expect(keptVitals(noHr, null).map((o) => o.id)).toEqual([`${id}-spo2`]);
  });
});
