import { describe, expect, it } from 'vitest';
import { ASQ, GAD7, getInstrument, PCL5, PHQ9, SHIPPED_INSTRUMENTS } from './library';
import { validateDefinition } from './validate';

describe('shipped library', () => {
  it.each(SHIPPED_INSTRUMENTS.map((def) => [def.id, def] as const))(
    '%s passes definition validation',
    (_id, def) => {
      expect(validateDefinition(def)).toEqual([]);
    },
  );

  it('ships exactly the free instruments of DOMAIN.md §4', () => {
    expect(SHIPPED_INSTRUMENTS.map((d) => d.id)).toEqual(['phq9', 'gad7', 'pcl5', 'asq', 'lxr', 'lds']);
    expect(SHIPPED_INSTRUMENTS.every((d) => d.origin === 'shipped' && d.licence.length > 40)).toBe(true);
  });

  it('finds instruments by id', () => {
    expect(getInstrument('gad7')).toBe(GAD7);
    expect(getInstrument('cssrs')).toBeUndefined();
  });

  it('has the published item counts and scales', () => {
    expect(PHQ9.scoring.items).toHaveLength(9);
    expect(GAD7.scoring.items).toHaveLength(7);
    expect(PCL5.scoring.items).toHaveLength(20);
    expect(ASQ.items).toHaveLength(5);
    expect(PCL5.answerSets[0]?.options.map((o) => o.label)).toEqual([
      'Not at all',
      'A little bit',
      'Moderately',
      'Quite a bit',
      'Extremely',
    ]);
  });

  it('carries a citation on every clinical default', () => {
    for (const def of SHIPPED_INSTRUMENTS) {
      const { scoring } = def;
      const sources = [
        scoring.bandSource,
        scoring.response?.source,
        scoring.remission?.source,
        ...(scoring.cutoffs ?? []).map((c) => c.source),
        ...(scoring.flags ?? []).map((f) => f.source),
      ].filter((s) => s !== undefined);
      expect(
        sources.every((s) => s.length > 10),
        def.id,
      ).toBe(true);
    }
    expect(PHQ9.scoring.bandSource).toMatch(/Kroenke/);
    expect(GAD7.scoring.bandSource).toMatch(/Spitzer/);
    expect(PCL5.scoring.cutoffs?.[0]?.source).toMatch(/National Center for PTSD/);
    expect(ASQ.scoring.flags?.[0]?.source).toMatch(/NIMH/);
  });

  it('uses the published LOINC codes', () => {
    expect(PHQ9.loinc?.panel?.code).toBe('44249-1');
    expect(PHQ9.loinc?.total?.code).toBe('44261-6');
    expect(PHQ9.items[8]).toMatchObject({ linkId: 'phq9-9', loinc: '44260-8' });
    expect(GAD7.loinc?.total?.code).toBe('70274-6');
    expect(PCL5.loinc).toBeUndefined();
  });
});
