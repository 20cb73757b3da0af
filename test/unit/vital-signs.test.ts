import { describe, expect, it } from 'vitest';
import { vitalRuleOut } from '../../src/contracts/rules';
import { consoleState, entryData, firedRule, vitals } from '../../src/contracts/sessions';
import { DEFAULT_VITAL_RULES, evaluateVitals, firedRuleRecord, VITALS } from '../../src/domain/vitals';
import { VITAL_KINDS, vitalCodings } from '../../src/server/fhir/present/vitals';
import { localAlerts } from '../../src/web/features/sessions/entries';

/** Every list of vital signs derives from the domain's table (issue 15): the API, the FHIR API and the web. */
describe('the vital-sign vocabulary, from the domain table outwards', () => {
  it("the API contract's reading has exactly the table's vital signs, in its order", () => {
    expect(Object.keys(vitals.shape)).toEqual([...VITALS]);
    const reading = entryData.options.find((o) => o.shape.kind.value === 'vitals');
    expect(reading?.shape).toHaveProperty('vitals', vitals);
  });

  it("the rules a session console receives name the table's vital signs", () => {
    expect(vitalRuleOut.shape.vital.options).toEqual([...VITALS]);
    expect(consoleState.shape.rules.element).toBe(vitalRuleOut);
  });

  it('the FHIR API makes one Observation per vital, blood pressure as one panel', () => {
    expect(VITAL_KINDS).toEqual(['bp', 'hr', 'spo2', 'rr']);
    expect(vitalCodings('bp').map((c) => c.code)).toEqual(['85354-9']);
    expect(vitalCodings('spo2').map((c) => c.code)).toEqual(['59408-5', '2708-6']);
    expect(vitalCodings('rr')).toEqual([
      { system: 'http://loinc.org', code: '9279-1', display: 'Respiratory rate' },
    ]);
  });

  it("the console's early warning is the server's verdict, word for word", () => {
    const rules = DEFAULT_VITAL_RULES.map((r) => vitalRuleOut.parse(r));
    const reading = { sbp: 150, dbp: 95, hr: 80, spo2: 93 };
    const server = evaluateVitals({ ...reading, at: '2026-03-01T10:00:00Z' }, 'pre_dose').map(
      firedRuleRecord,
    );
    const local = localAlerts(reading, 'pre_dose', rules);
    expect(local).toEqual(server);
    expect(local.map((f) => f.ruleId)).toEqual([
      'pre_dose_sbp_hold',
      'pre_dose_dbp_hold',
      'pre_dose_spo2_hold',
    ]);
    for (const f of local) expect(firedRule.parse(f)).toEqual(f);
    expect(localAlerts({ sbp: 150 }, 'in_session', rules)).toEqual([]);
  });
});
