import { agentPrincipal, demoPrincipals, servicePrincipal } from '@diplomatie/testing';
import { visibility } from './community.service';

describe(visibility.name, () => {
  it('shows everything to services', () => {
    expect(visibility(servicePrincipal())).toEqual({ kind: 'all' });
  });

  it('shows agents the non-secret communities and the secret ones they belong to', () => {
    const claire = agentPrincipal();
    expect(visibility(claire)).toEqual({ kind: 'member', agentId: claire.id, partnersOnly: false });
  });

  it('shows partners only the communities open to partners, and nothing before the charter', () => {
    const sophie = demoPrincipals.sophie();
    expect(visibility(sophie)).toEqual({ kind: 'member', agentId: sophie.id, partnersOnly: true });
    expect(visibility({ ...sophie, charterAccepted: false })).toEqual({ kind: 'none' });
  });
});
