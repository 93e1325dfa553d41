import { normalisedAudience } from './social.service';

describe(normalisedAudience.name, () => {
  it('divides unique readers by the reach, to three decimals', () => {
    expect(normalisedAudience(2, 3)).toBe(0.667);
    expect(normalisedAudience(12, 480)).toBe(0.025);
  });

  it('makes a small post’s note comparable with a large one’s', () => {
    // 4 of a 5-agent embassy read it; 40 of a 400-agent direction read theirs: the small one did better.
    expect(normalisedAudience(4, 5)).toBeGreaterThan(normalisedAudience(40, 400) ?? Infinity);
  });

  it('is null when nobody was addressed, and may exceed 1 for content read beyond its addressees', () => {
    expect(normalisedAudience(3, 0)).toBeNull();
    expect(normalisedAudience(6, 4)).toBe(1.5);
  });
});
