import { agentPrincipal, demoPrincipals, servicePrincipal } from '@diplomatie/testing';
import { maySee, outranks, visibility } from './community.service';

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

describe(maySee.name, () => {
  const secret = { kind: 'secret' as const, partnersAllowed: false };
  const press = { kind: 'open' as const, partnersAllowed: true };

  it('shows a secret community to its members and invitees only', () => {
    const claire = agentPrincipal();
    expect(maySee(claire, secret, 'none')).toBe(false);
    expect(maySee(claire, secret, 'requested')).toBe(false);
    expect(maySee(claire, secret, 'invited')).toBe(true);
    expect(maySee(claire, secret, 'member')).toBe(true);
    expect(maySee(claire, { kind: 'closed', partnersAllowed: false }, 'none')).toBe(true);
  });

  it('shows partners only communities admitting partners, once they accepted the charter', () => {
    const sophie = demoPrincipals.sophie();
    expect(maySee(sophie, press, 'none')).toBe(true);
    expect(maySee(sophie, { ...press, partnersAllowed: false }, 'member')).toBe(false);
    expect(maySee({ ...sophie, charterAccepted: false }, press, 'member')).toBe(false);
  });
});

describe(outranks.name, () => {
  it('lets the owner remove anyone else and moderators only plain members', () => {
    expect(outranks('owner', 'moderator')).toBe(true);
    expect(outranks('owner', 'owner')).toBe(false);
    expect(outranks('moderator', 'member')).toBe(true);
    expect(outranks('moderator', 'moderator')).toBe(false);
    expect(outranks('member', 'member')).toBe(false);
  });
});
