import { AccessDescriptor, AgentPrincipal, PartnerPrincipal, Principal } from '@diplomatie/contracts';

/**
 * The cases every implementation of the access policy must agree on: the pure `canRead`, and
 * each store's in-query filter (SQL in libs/persistence, later OpenSearch). Plain data.
 */
export const matrixIds = {
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

export function agentForTest(id: string, login: string, over: Partial<AgentPrincipal>): AgentPrincipal {
  return {
    kind: 'agent', id, login, displayName: login, ministries: ['meae'], units: [], headOf: [],
    supervisedUnits: [], communities: [], topics: [], roles: [], ...over,
  };
}
function partner(id: string, login: string, charterAccepted: boolean): PartnerPrincipal {
  return { kind: 'partner', id, login, displayName: login, organisationId: 'presse', charterAccepted, communities: [], topics: [] };
}

export const matrixPrincipals: Record<string, Principal> = {
  author: agentForTest(matrixIds.julien, 'julien.bernard', { units: ['amb-belgrade'] }),
  actionUnit: agentForTest(matrixIds.claire, 'claire.moreau', { units: ['meae-deur-balkans'] }),
  actionHead: agentForTest(matrixIds.marc, 'marc.lefevre', { units: ['meae-deur-balkans'], headOf: ['meae-deur-balkans'] }),
  parentHead: agentForTest(matrixIds.directeur, 'directeur.deur', { units: ['meae-deur'], headOf: ['meae-deur'], supervisedUnits: ['meae-deur-balkans'] }),
  infoUnit: agentForTest(matrixIds.amina, 'amina.diallo', { units: ['meae-com'] }),
  otherMinistry: agentForTest(matrixIds.paul, 'paul.martin', { ministries: ['minefi'], units: ['minefi-tresor-europe'] }),
  communityMember: agentForTest(matrixIds.lucie, 'lucie.petit', { units: ['amb-washington'], communities: ['balkans'] }),
  partnerWithCharter: partner(matrixIds.sophie, 'sophie.laurent', true),
  partnerWithoutCharter: partner(matrixIds.thomas, 'thomas.girard', false),
  service: { kind: 'service', id: 'search', name: 'search' },
};

function doc(over: Partial<AccessDescriptor>): AccessDescriptor {
  return {
    classification: 'restricted', status: 'published', authorId: matrixIds.julien,
    units: ['amb-belgrade', 'meae-deur-balkans'], communities: [], agents: [], ministries: [], partners: false, ...over,
  };
}

// Telegram from Belgrade pour action to the Balkans service, pour information to the communication direction.
const addressed = { units: ['amb-belgrade', 'meae-deur-balkans', 'meae-com'] };
export const matrixDocuments: Record<string, AccessDescriptor> = {
  restricted: doc(addressed),
  restrictedToCommunity: doc({ ...addressed, communities: ['balkans'] }),
  internal: doc({ ...addressed, classification: 'internal' }),
  internalMeaeOnly: doc({ ...addressed, classification: 'internal', ministries: ['meae'] }),
  public: doc({ ...addressed, classification: 'public' }),
  publicForPartners: doc({ ...addressed, classification: 'public', partners: true }),
  draft: doc({ ...addressed, classification: 'public', partners: true, status: 'draft' }),
  withdrawn: doc({ ...addressed, classification: 'internal', status: 'withdrawn' }),
  namedReader: doc({ units: ['amb-belgrade'], agents: [matrixIds.paul] }),
};

// One row per principal: which documents it may read. Everything else must be refused.
export const matrixExpected: Record<string, string[]> = {
  author: Object.keys(matrixDocuments),
  actionUnit: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  actionHead: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  parentHead: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  infoUnit: ['restricted', 'restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  otherMinistry: ['internal', 'public', 'publicForPartners', 'namedReader'],
  communityMember: ['restrictedToCommunity', 'internal', 'internalMeaeOnly', 'public', 'publicForPartners'],
  partnerWithCharter: ['publicForPartners'],
  partnerWithoutCharter: [],
  service: Object.keys(matrixDocuments),
};

