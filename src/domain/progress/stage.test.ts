import { describe, expect, it } from 'vitest';
import { prepareFor } from './prepare';
import { courseStage, type StageInput } from './stage';

const base: StageInput = {
  status: 'active',
  plannedPreparation: 2,
  plannedDosing: 6,
  plannedIntegration: 6,
  preparationDone: 0,
  dosesGiven: 0,
  integrationDone: 0,
};
const at = (o: Partial<StageInput>) => courseStage({ ...base, ...o });
const states = (o: Partial<StageInput>) => at(o).steps.map((s) => s.state);

describe('courseStage at its edges', () => {
  it('is preparation until the first dose, whatever the preparation count', () => {
    expect(at({}).phase).toBe('preparation');
    expect(at({ status: 'planned' }).phase).toBe('preparation');
    expect(at({ preparationDone: 2 }).phase).toBe('preparation');
    expect(at({ preparationDone: 1 }).summary).toMatch(/1 of 2 preparation sessions done/);
    expect(states({})).toEqual(['current', 'upcoming', 'upcoming', 'upcoming']);
  });

  it('is dosing from the first dose until the last, naming the next session', () => {
    expect(at({ dosesGiven: 1 })).toMatchObject({ phase: 'dosing', label: 'Dosing: session 2 of 6 next' });
    expect(at({ dosesGiven: 5 })).toMatchObject({ phase: 'dosing', label: 'Dosing: session 6 of 6 next' });
    expect(at({ dosesGiven: 5 }).summary).toMatch(/5 of 6 dosing sessions/);
    expect(states({ dosesGiven: 3 })).toEqual(['done', 'current', 'upcoming', 'upcoming']);
  });

  it('is integration once every dose is given, until the integration sessions are done', () => {
    expect(at({ dosesGiven: 6 }).phase).toBe('integration');
    expect(at({ dosesGiven: 7 }).phase).toBe('integration'); // an extra dose counts as all given
    expect(at({ dosesGiven: 6, integrationDone: 5 }).phase).toBe('integration');
    expect(states({ dosesGiven: 6 })).toEqual(['done', 'done', 'current', 'upcoming']);
  });

  it('is follow-up when integration is done or the course is completed', () => {
    expect(at({ dosesGiven: 6, integrationDone: 6 }).phase).toBe('follow_up');
    expect(at({ status: 'completed', dosesGiven: 4 }).phase).toBe('follow_up');
    expect(states({ dosesGiven: 6, integrationDone: 6 })).toEqual(['done', 'done', 'done', 'current']);
  });

  it('is ended for a stopped course, with the phases it reached done and none current', () => {
    const s = at({ status: 'stopped', dosesGiven: 2 });
    expect(s.phase).toBe('ended');
    expect(s.summary).toMatch(/stopped after 2 of 6 dosing sessions/);
    expect(s.steps.map((x) => x.state)).toEqual(['done', 'upcoming', 'upcoming', 'upcoming']);
  });

  it('says "session" for a one-session course', () => {
    expect(at({ plannedDosing: 1, status: 'stopped' }).summary).toMatch(/0 of 1 dosing session\./);
  });
});

describe('prepareFor', () => {
  it('puts the clinic’s instructions first and adds the defaults for a dosing visit', () => {
    const p = prepareFor({
      kind: 'visit',
      category: 'dosing',
      label: 'Treatment session',
      when: 'Tuesday, December 8, 2026 at 10:00 AM PST',
      instructions: '  No food for 4 hours before.  ',
    });
    expect(p.heading).toBe('Before your treatment session on Tuesday, December 8, 2026 at 10:00 AM PST');
    expect(p.clinicInstructions).toBe('No food for 4 hours before.');
    expect(p.items).toHaveLength(1);
    expect(p.items[0]).toMatch(/intention/);
  });

  it('gives the default steps when the clinic has written no instructions', () => {
    const p = prepareFor({
      kind: 'visit',
      category: 'dosing',
      label: 'Treatment session',
      when: 'x',
      instructions: ' ',
    });
    expect(p.clinicInstructions).toBe('');
    expect(p.items[0]).toMatch(/intention/);
    expect(p.items.join(' ')).toMatch(/take you home/);
  });

  it('lists the at-home check-in conditions for an at-home session', () => {
    const p = prepareFor({ kind: 'at_home', number: 3, when: 'Thu, Dec 10, 6:00 PM PST' });
    expect(p.heading).toBe('Before your at-home session 3 on Thu, Dec 10, 6:00 PM PST');
    expect(p.items.join(' ')).toMatch(/no alcohol/);
    expect(p.items.join(' ')).toMatch(/sober adult/);
  });

  it('has no default steps for a kind of visit it does not know', () => {
    expect(
      prepareFor({ kind: 'visit', category: 'other', label: 'Check', when: 'x', instructions: '' }).items,
    ).toEqual([]);
  });
});
