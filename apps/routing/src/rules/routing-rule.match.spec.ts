import { z } from 'zod';
import { RoutingRuleMatch } from '@diplomatie/contracts';
import { routePublication, ruleMatches, RuleCriteria } from './routing-rule.match';

const telegram = {
  kind: 'telegram' as const, topics: ['serbie', 'energie'], country: 'RS', emittingUnitId: 'amb-belgrade', priority: 'urgent' as const,
  forAction: ['meae-deur-balkans'], forInformation: [],
};
const rule = (over: Partial<Omit<RuleCriteria, 'match'>> & { match?: z.input<typeof RoutingRuleMatch> }): RuleCriteria => ({
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', name: 'Énergie', forAction: [], forInformation: ['minefi-tresor-europe'],
  ...over, match: RoutingRuleMatch.parse(over.match ?? {}),
});

describe(ruleMatches.name, () => {
  it.each<[z.input<typeof RoutingRuleMatch>, boolean]>([
    [{}, true],
    [{ topics: ['energie', 'kosovo'] }, true],
    [{ topics: ['kosovo'] }, false],
    [{ countries: ['RS'], kinds: ['telegram'], priorities: ['urgent', 'flash'], emittingUnits: ['amb-belgrade'] }, true],
    [{ countries: ['RS'], kinds: ['diplomatic_note'] }, false],
    [{ countries: ['HR'] }, false],
  ])('%j → %s', (match, expected) => {
    expect(ruleMatches(rule({ match }), telegram)).toBe(expected);
  });

  it('never matches a country criterion on a publication about no country', () => {
    expect(ruleMatches(rule({ match: { countries: ['RS'] } }), { ...telegram, country: null })).toBe(false);
  });
});

describe(routePublication.name, () => {
  it('keeps the explicit addressees, adds what matching rules give, and says why', () => {
    const sut = routePublication(telegram, [
      rule({ match: { topics: ['energie'] } }),
      rule({ id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c', name: 'Balkans', match: { countries: ['RS'] }, forAction: ['meae-deur-balkans', 'meae-deur'], forInformation: [] }),
      rule({ id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d', name: 'Croatie', match: { countries: ['HR'] }, forAction: ['amb-zagreb'] }),
    ]);
    expect(sut.forAction).toEqual(['meae-deur-balkans', 'meae-deur']);
    expect(sut.forInformation).toEqual(['minefi-tresor-europe']);
    expect(sut.decisions.map((d) => `${d.role}:${d.unitId}:${d.ruleName ?? d.source}`)).toEqual([
      'action:meae-deur-balkans:addressing',
      'information:minefi-tresor-europe:Énergie',
      'action:meae-deur-balkans:Balkans',
      'action:meae-deur:Balkans',
    ]);
  });
});
