import { AccessDescriptor, AgentPrincipal, PartnerPrincipal, Principal } from '@diplomatie/contracts';
import { accessScope, canRead, scopeAllows } from './access-policy';

const ids = {
  julien: '0190a000-0000-7000-8000-000000000001',
  claire: '0190a000-0000-7000-8000-000000000002',
  marc: '0190a000-0000-7000-8000-000000000003',
  directeur: '0190a000-0000-7000-8000-000000000004',
  amina: '0190a000-0000-7000-8000-000000000005',
  paul: '0190a000-0000-7000-8000-000000000006',
  lucie: '0190a000-0000-7000-8000-000000000007',
  sophie: '0190a000-0000-7000-8000-000000000008',
  thomas: '0190a000-0000-7000-8000-000000000009',
};

function agent(id: string, login: string, over: Partial<AgentPrincipal>): AgentPrincipal {
  return {
    kind: 'agent', id, login, displayName: login, ministries: ['meae'], units: [], headOf: [],
    supervisedUnits: [], communities: [], topics: [], roles: [], ...over,
  };
}
function partner(id: string, login: string, charterAccepted: boolean): PartnerPrincipal {
  return { kind: 'partner', id, login, displayName: login, organisationId: 'presse', charterAccepted, communities: [], topics: [] };
}

const principals: Record<string, Principal> = {
  author: agent(ids.julien, 'julien.bernard', { units: ['amb-belgrade'] }),
  actionUnit: agent(ids.claire, 'claire.moreau', { units: ['meae-deur-balkans'] }),
  actionHead: agent(ids.marc, 'marc.lefevre', { units: ['meae-deur-balkans'], headOf: ['meae-deur-balkans'] }),
  parentHead: agent(ids.directeur, 'directeur.deur', { units: ['meae-deur'], headOf: ['meae-deur'], supervisedUnits: ['meae-deur-balkans'] }),
  infoUnit: agent(ids.amina, 'amina.diallo', { units: ['meae-com'] }),
  otherMinistry: agent(ids.paul, 'paul.martin', { ministries: ['minefi'], units: ['minefi-tresor-europe'] }),
  communityMember: agent(ids.lucie, 'lucie.petit', { units: ['amb-washington'], communities: ['balkans'] }),
  partnerWithCharter: partner(ids.sophie, 'sophie.laurent', true),
  partnerWithoutCharter: partner(ids.thomas, 'thomas.girard', false),
  service: { kind: 'service', id: 'search', name: 'search' },
};

function doc(over: Partial<AccessDescriptor>): AccessDescriptor {
  return {
    classification: 'restricted', status: 'published', authorId: ids.julien,
    units: ['amb-belgrade', 'meae-deur-balkans'], communities: [], agents: [], ministries: [], partners: false, ...over,
  };
}

// Telegram from Belgrade pour action to the Balkans service, pour information to the communication direction.
const addressed = { units: ['amb-belgrade', 'meae-deur-balkans', 'meae-com'] };
const documents: Record<string, AccessDescriptor> = {
  restricted: doc(addressed),
  restrictedToCommunity: doc({ ...addressed, communities: ['balkans'] }),
  internal: doc({ ...addressed, classification: 'internal' }),
  internalMeaeOnly: doc({ ...addressed, classification: 'internal', ministries: ['meae'] }),
  public: doc({ ...addressed, classification: 'public' }),
  publicForPartners: doc({ ...addressed, classification: 'public', partners: true }),
  draft: doc({ ...addressed, classification: 'public', partners: true, status: 'draft' }),
  withdrawn: doc({ ...addressed, classification: 'internal', status: 'withdrawn' }),
  namedReader: doc({ units: ['amb-belgrade'], agents: [ids.paul] }),
};

// One row per principal: which documents it may read. Everything else must be refused.
const expected: Record<string, string[]> = {
  author: Object.keys(documents),
  actionUnit: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  actionHead: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  parentHead: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  infoUnit: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  otherMinistry: ['internal', 'public', 'publicForPartners', 'namedReader'],
  communityMember: ['restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  partnerWithCharter: ['publicForPartners'],
  partnerWithoutCharter: [],
  service: Object.keys(documents),
};

describe('access policy', () => {
  const cases = Object.keys(principals).flatMap((p) =>
    Object.keys(documents).map((d) => [p, d, expected[p].includes(d)] as const),
  );

  it.each(cases)('%s reading %s → %s', (p, d, allowed) => {
    expect(canRead(principals[p], documents[d])).toBe(allowed);
  });

  it.each(cases)('the scope filter agrees with canRead for %s reading %s', (p, d, allowed) => {
    expect(scopeAllows(accessScope(principals[p]), documents[d])).toBe(allowed);
  });

  it('an unrelated agent of the same ministry does not see restricted correspondence', () => {
    const sut = agent('0190a000-0000-7000-8000-0000000000aa', 'agent.isole', { units: ['amb-washington'] });
    expect(canRead(sut, documents['restricted'])).toBe(false);
    expect(canRead(sut, documents['internal'])).toBe(true);
  });
});
