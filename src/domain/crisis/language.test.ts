import { describe, expect, it } from 'vitest';
import { CRISIS_PHRASES, screenForCrisis } from './language';

const hit = (text: string) => screenForCrisis(text).matched;

describe('crisis language screen', () => {
  it.each([
    'I want to kill myself',
    'sometimes I think about killing myself',
    'I keep thinking about suicide',
    'I have been feeling suicidal again',
    'I just want to end it all',
    'I wish I was dead',
    'I wanted to die last night',
    'everyone would be better off without me',
    'I feel like there is no reason to live',
    'I can’t go on like this',
    "I'm a burden to my family",
    'I have a plan to die',
    'I thought about an overdose',
    'I have been cutting myself',
    'I hurt myself again',
    'This is my goodbye',
    'KILL MYSELF',
    'kill\n  myself',
  ])('matches: %s', (text) => expect(hit(text)).toBe(true));

  it.each([
    'The session was a killer, I am exhausted',
    'I could kill for a coffee',
    'I am dying to see my sister',
    'I was dead tired after the session',
    'my skill myself? no, skills I learned',
    'We watched a film about a heist',
    'I ended my shift early and went home',
    'I felt hopeful and light afterwards',
    'I want to end my week with a long walk',
  ])('does not match a near-miss: %s', (text) => expect(hit(text)).toBe(false));

  it('does not understand negation (a documented limit: a false alarm costs less than a miss)', () => {
    expect(hit('I would never kill myself')).toBe(true);
    expect(hit('I am not suicidal')).toBe(true);
    // Nor misspellings of other words: "die" for "dye".
    expect(hit('I want to die my hair blue')).toBe(true);
  });

  it('reports phrase ids and themes, never the text', () => {
    const s = screenForCrisis('I want to kill myself and I have been cutting myself');
    expect(s.phraseIds).toEqual(['kill_myself', 'self_harm']);
    expect(s.themes).toEqual(['suicidal_thoughts', 'self_harm']);
    expect(JSON.stringify(s)).not.toMatch(/cutting/);
  });

  it('every phrase names its source', () => {
    for (const p of CRISIS_PHRASES) expect(p.source.length).toBeGreaterThan(5);
  });
});
