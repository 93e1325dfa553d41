import { AppError, DirectoryImport, ErrorCode } from '@diplomatie/contracts';
import { changedStates, externalReferences, KnownIds, planImport, touchedAccounts } from './import-plan';

const nothingKnown: KnownIds = { units: new Set(), organisations: new Set(), logins: new Set(), topics: new Set(), communities: new Set() };

function payload(over: Partial<DirectoryImport> = {}): DirectoryImport {
  return DirectoryImport.parse({
    units: [
      { id: 'meae-deur-balkans', name: 'Service des Balkans', kind: 'service', parentId: 'meae-deur' },
      { id: 'meae-deur', name: "Direction de l'Europe continentale", kind: 'direction', parentId: 'meae' },
      { id: 'meae', name: "Ministère de l'Europe et des Affaires étrangères", kind: 'ministry', parentId: null },
    ],
    organisations: [{ id: 'revue-diplomatique', name: 'La Revue diplomatique', kind: 'press' }],
    agents: [
      { login: 'claire.moreau', kind: 'agent', givenName: 'Claire', familyName: 'Moreau', units: [{ unitId: 'meae-deur-balkans', role: 'agent' }] },
      { login: 'sophie.laurent', kind: 'partner', givenName: 'Sophie', familyName: 'Laurent', organisationId: 'revue-diplomatique', charterAccepted: true },
    ],
    topics: [{ id: 'serbie', label: 'Serbie' }],
    communities: [{ id: 'balkans', name: 'Balkans occidentaux', kind: 'open', topics: ['serbie'], members: [{ login: 'claire.moreau', role: 'moderator' }] }],
    interests: [{ login: 'claire.moreau', topics: ['serbie'], communities: ['balkans'] }],
    ...over,
  });
}

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.ValidationFailed);
    return (error as AppError).details as { path: string; message: string }[];
  }
  throw new Error('expected a validation failure');
}

describe(planImport.name, () => {
  it('orders units parents-first whatever the payload order', () => {
    const sut = planImport(payload(), nothingKnown);
    expect(sut.units.map((u) => u.id)).toEqual(['meae', 'meae-deur', 'meae-deur-balkans']);
  });

  it('accepts a parent the directory already holds', () => {
    const data = payload({ units: [{ id: 'amb-belgrade', name: 'Ambassade de France en Serbie', kind: 'post', parentId: 'meae', country: 'RS' }] });
    const known = { ...nothingKnown, units: new Set(['meae', 'meae-deur-balkans']) };
    expect(planImport(data, known).units.map((u) => u.id)).toEqual(['amb-belgrade']);
  });

  it('names the row of an unknown parent', () => {
    const data = payload();
    data.units.push({ id: 'amb-tirana', name: 'Ambassade de France en Albanie', kind: 'post', parentId: 'meae-inconnu', country: 'AL' });
    expect(issuesOf(() => planImport(data, nothingKnown))).toEqual([
      { path: 'units.3.parentId', message: 'unit "amb-tirana": unknown parent unit "meae-inconnu"' },
    ]);
  });

  it('reports a loop among the payload units', () => {
    const data = payload({
      units: [
        { id: 'meae-a', name: 'A', kind: 'direction', parentId: 'meae-b', country: null },
        { id: 'meae-b', name: 'B', kind: 'direction', parentId: 'meae-a', country: null },
      ],
      agents: [], communities: [], interests: [],
    });
    expect(issuesOf(() => planImport(data, nothingKnown))[0].message).toMatch(/loop: meae-a → meae-b → meae-a/);
  });

  it('reports unknown units, logins, topics and communities, each with its row', () => {
    const data = payload({
      agents: [{ ...payload().agents[0], units: [{ unitId: 'amb-kiev', role: 'agent' }] }],
      communities: [{ ...payload().communities[0], topics: ['ukraine'], members: [{ login: 'inconnu.x', role: 'member' }] }],
      interests: [{ login: 'claire.moreau', topics: [], communities: ['veille-kosovo'] }],
    });
    expect(issuesOf(() => planImport(data, nothingKnown)).map((i) => i.path)).toEqual([
      'agents.0.units.0.unitId', 'communities.0.topics.0', 'communities.0.members.0.login', 'interests.0.communities.0',
    ]);
  });

  it('rejects duplicates and partners without an organisation', () => {
    const claire = payload().agents[0];
    const data = payload({
      agents: [claire, claire, { ...payload().agents[1], organisationId: null }],
      communities: [], interests: [],
    });
    expect(issuesOf(() => planImport(data, nothingKnown)).map((i) => i.message)).toEqual([
      'login "claire.moreau" appears twice',
      'partner "sophie.laurent" must belong to an organisation',
    ]);
  });
});

describe(externalReferences.name, () => {
  it('lists only what the payload references without defining it', () => {
    const data = payload({ units: [], communities: [], interests: [{ login: 'marc.lefevre', topics: ['kosovo'], communities: ['veille-kosovo'] }] });
    expect(externalReferences(data)).toEqual({
      units: ['meae-deur-balkans'], organisations: [], logins: ['marc.lefevre'], topics: ['kosovo'], communities: ['veille-kosovo'],
    });
  });
});

describe(touchedAccounts.name, () => {
  it('names agents, followers and members once each', () => {
    expect(touchedAccounts(payload())).toEqual({ logins: ['claire.moreau', 'sophie.laurent'], communityIds: ['balkans'] });
  });
});

describe(changedStates.name, () => {
  it('keeps new and modified states, not identical or removed ones', () => {
    const before = new Map([
      ['meae', { name: 'Ministère', heads: ['a'] }],
      ['meae-deur', { name: 'Direction', heads: [] }],
      ['meae-com', { name: 'Communication', heads: [] }],
    ]);
    const after = new Map([
      ['meae', { name: 'Ministère', heads: ['a'] }],
      ['meae-deur', { name: "Direction de l'Europe continentale", heads: [] }],
      ['amb-belgrade', { name: 'Ambassade de France en Serbie', heads: [] }],
    ]);
    expect(changedStates(before, after).map((s) => s.name)).toEqual(["Direction de l'Europe continentale", 'Ambassade de France en Serbie']);
  });
});
