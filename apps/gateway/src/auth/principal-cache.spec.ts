import { agentPrincipal } from '@diplomatie/testing';
import { PrincipalCache } from './principal-cache';

describe(PrincipalCache.name, () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('serves a principal until it expires', () => {
    const sut = new PrincipalCache(30_000, 10, clock);
    const claire = agentPrincipal();
    sut.set(claire.id, claire);
    now += 29_999;
    expect(sut.get(claire.id)).toEqual(claire);
    now += 1;
    expect(sut.get(claire.id)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const sut = new PrincipalCache(30_000, 2, clock);
    const [a, b, c] = [agentPrincipal(), agentPrincipal(), agentPrincipal()];
    sut.set(a.id, a);
    sut.set(b.id, b);
    sut.set(c.id, c);
    expect(sut.size).toBe(2);
    expect(sut.get(a.id)).toBeUndefined();
    expect(sut.get(c.id)).toEqual(c);
  });

  it('caches nothing when the duration is 0', () => {
    const sut = new PrincipalCache(0, 10, clock);
    const claire = agentPrincipal();
    sut.set(claire.id, claire);
    expect(sut.get(claire.id)).toBeUndefined();
  });

  it('forgets one principal on demand (a deactivation, an accepted charter), keeping the others', () => {
    const sut = new PrincipalCache(30_000, 10, clock);
    const [claire, marc] = [agentPrincipal(), agentPrincipal({ login: 'marc.lefevre' })];
    sut.set(claire.id, claire);
    sut.set(marc.id, marc);
    sut.delete(claire.id);
    expect(sut.get(claire.id)).toBeUndefined();
    expect(sut.get(marc.id)).toEqual(marc);
  });
});
