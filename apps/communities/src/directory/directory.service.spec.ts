import { demoPrincipals } from '@diplomatie/testing';
import { searchWords, visibleToPartner } from './directory.service';

describe(searchWords.name, () => {
  it('splits on spaces and drops LIKE wildcards', () => {
    expect(searchWords('  Hélène   rousseau ')).toEqual(['Hélène', 'rousseau']);
    expect(searchWords('mor%au 100_% \\')).toEqual(['morau', '100']);
    expect(searchWords('')).toEqual([]);
  });
});

describe(visibleToPartner.name, () => {
  const claire = { kind: 'agent' as const, visibleToPartners: true, active: true };

  it('shows a partner the active agents who chose to be visible, once the charter is accepted', () => {
    const sophie = demoPrincipals.sophie();
    expect(visibleToPartner(sophie, claire)).toBe(true);
    expect(visibleToPartner(sophie, { ...claire, visibleToPartners: false })).toBe(false);
    expect(visibleToPartner(sophie, { ...claire, active: false })).toBe(false);
    expect(visibleToPartner(sophie, { ...claire, kind: 'partner' })).toBe(false);
    expect(visibleToPartner({ ...sophie, charterAccepted: false }, claire)).toBe(false);
  });
});
