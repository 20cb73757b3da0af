import { describe, expect, it } from 'vitest';
import { ratingsPdfSection } from './service';

describe('ratings on a printed record', () => {
  it('says the total out of the maximum, the band, the subscales and who rated it', () => {
    const section = ratingsPdfSection(
      [
        {
          instrumentId: 'lxr',
          instrumentName: 'Liminal acute experience rating (not validated)',
          responseId: 'r',
          total: 28,
          range: { min: 0, max: 50 },
          band: 'Moderate experience',
          subscales: [
            { id: 'intensity', name: 'Intensity', value: 6 },
            { id: 'insight', name: 'Insight and connection', value: 20 },
          ],
          answers: {},
          ratedAt: '2026-01-02T10:00:00.000Z',
          enteredBy: 'Nora Nurse',
          byPatient: false,
          corrected: true,
        },
      ],
      (iso) => iso.slice(0, 10),
    );
    expect(section.heading).toMatch(/not validated/);
    expect(section.table?.rows).toEqual([
      [
        'Liminal acute experience rating (not validated)',
        '28 of 50',
        'Moderate experience',
        'Intensity 6, Insight and connection 20',
        '2026-01-02, entered by Nora Nurse (corrected)',
      ],
    ]);
  });
});
