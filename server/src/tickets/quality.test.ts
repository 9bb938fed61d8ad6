import { describe, expect, it } from 'vitest';
import { inGuideOrder, passedAll, QUALITY_CHECKS, QUALITY_KEYS } from './quality.ts';

describe("the guide's Quality Checks", () => {
  it('are the seven lines of the guide, in its order and wording', () => {
    expect(QUALITY_CHECKS.map((c) => c.label)).toEqual([
      'Response is clear and helpful',
      'Tone is friendly and professional',
      'All questions answered',
      'Next steps provided',
      'Timeline set',
      'Follow-up scheduled',
      'User has way to contact us again',
    ]);
  });

  it('pass all only with every one of the seven', () => {
    expect(passedAll([...QUALITY_KEYS].reverse())).toBe(true);
    for (const missing of QUALITY_KEYS) expect(passedAll(QUALITY_KEYS.filter((k) => k !== missing)), missing).toBe(false);
    expect(passedAll([])).toBe(false);
  });

  it("puts the passed checks in the guide's order", () => {
    expect(inGuideOrder(['WAY_TO_CONTACT_US', 'CLEAR_AND_HELPFUL', 'TIMELINE_SET'])).toEqual(['CLEAR_AND_HELPFUL', 'TIMELINE_SET', 'WAY_TO_CONTACT_US']);
  });
});
