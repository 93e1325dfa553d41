import { z } from 'zod';
import { AgentId, CommunityId, Login, TopicId, UnitId } from '../common';
import { Principal } from '../principal';
import { defineEvent, defineRequest } from '../messages';

export const UnitKind = z.enum(['ministry', 'direction', 'sub_direction', 'service', 'post']);
export const Unit = z.object({
  id: UnitId,
  name: z.string().min(1).max(300),
  kind: UnitKind,
  parentId: UnitId.nullable(),
  /** ISO 3166-1 alpha-2 country of a post. */
  country: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
});
export type Unit = z.infer<typeof Unit>;

/** A unit as served: with its ministry and the heads of the unit. */
export const UnitView = Unit.extend({ ministryId: UnitId, heads: z.array(AgentId) });
export type UnitView = z.infer<typeof UnitView>;

export const OrganisationKind = z.enum(['company', 'ngo', 'press']);
export const Organisation = z.object({ id: z.string().regex(/^[a-z0-9-]+$/).max(80), name: z.string().min(1).max(300), kind: OrganisationKind });

export const MembershipRole = z.enum(['agent', 'head']);
export const CommunityKind = z.enum(['open', 'closed', 'secret']);
export const CommunityRole = z.enum(['owner', 'moderator', 'member']);

export const ImportedAgent = z.object({
  login: Login,
  kind: z.enum(['agent', 'partner']),
  givenName: z.string().min(1).max(100),
  familyName: z.string().min(1).max(100),
  title: z.string().max(200).default(''),
  email: z.email().optional(),
  languages: z.array(z.string().min(2).max(8)).default([]),
  units: z.array(z.object({ unitId: UnitId, role: MembershipRole })).default([]),
  organisationId: z.string().nullable().default(null),
  charterAccepted: z.boolean().default(false),
  roles: z.array(z.enum(['admin'])).default([]),
  active: z.boolean().default(true),
});
export const ImportedCommunity = z.object({
  id: CommunityId,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  kind: CommunityKind,
  partnersAllowed: z.boolean().default(false),
  topics: z.array(TopicId).default([]),
  members: z.array(z.object({ login: Login, role: CommunityRole })).default([]),
});
export const Topic = z.object({ id: TopicId, label: z.string().min(1).max(200), synonyms: z.array(z.string().max(100)).default([]) });
export type Topic = z.infer<typeof Topic>;

export const DirectoryImport = z.object({
  units: z.array(Unit).default([]),
  organisations: z.array(Organisation).default([]),
  agents: z.array(ImportedAgent).default([]),
  topics: z.array(Topic).default([]),
  communities: z.array(ImportedCommunity).default([]),
  interests: z.array(z.object({ login: Login, topics: z.array(TopicId).default([]), communities: z.array(CommunityId).default([]) })).default([]),
});
export type DirectoryImport = z.infer<typeof DirectoryImport>;
export const DirectoryImportResult = z.object({
  units: z.number().int(),
  organisations: z.number().int(),
  agents: z.number().int(),
  topics: z.number().int(),
  communities: z.number().int(),
  interests: z.number().int(),
});

export const Person = z.object({
  id: AgentId,
  login: Login,
  kind: z.enum(['agent', 'partner']),
  displayName: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  title: z.string(),
  languages: z.array(z.string()),
  units: z.array(z.object({ unitId: UnitId, role: MembershipRole })),
  organisationId: z.string().nullable(),
  active: z.boolean(),
});
export type Person = z.infer<typeof Person>;

export const CommunityView = z.object({
  id: CommunityId,
  name: z.string(),
  description: z.string(),
  kind: CommunityKind,
  partnersAllowed: z.boolean(),
  topics: z.array(TopicId),
  memberCount: z.number().int(),
});

/** Replica payload: everything routing and search need to know of an agent. */
export const AgentSnapshot = z.object({
  id: AgentId,
  login: Login,
  kind: z.enum(['agent', 'partner']),
  displayName: z.string(),
  active: z.boolean(),
  units: z.array(z.object({ unitId: UnitId, role: MembershipRole })),
  /** Communities the account is a member of (the access perimeter). */
  communities: z.array(CommunityId),
  /** Topics the account follows (centres d'intérêt). */
  topics: z.array(TopicId),
  organisationId: z.string().nullable(),
  title: z.string().default(''),
  /** Communities the account follows without necessarily being a member (centres d'intérêt). */
  followedCommunities: z.array(CommunityId).default([]),
});
export type AgentSnapshot = z.infer<typeof AgentSnapshot>;

export const DirectoryContracts = {
  importDirectory: defineRequest(
    'communities', 'directory.import', 1,
    'Idempotent upsert of units, organisations, agents, topics, communities and interests (an HR export). Service principals and administrators only.',
    DirectoryImport, DirectoryImportResult,
  ),
  resolveLogin: defineRequest(
    'communities', 'directory.resolve_login', 1,
    'The account behind a login (identity provider subject), for token issuance.',
    z.object({ login: Login }),
    z.object({ id: AgentId, login: Login, kind: z.enum(['agent', 'partner']), active: z.boolean() }),
  ),
  principal: defineRequest(
    'communities', 'directory.principal', 1,
    'The access principal of an active account: units, hierarchy, communities, topics, roles.',
    z.object({ agentId: AgentId }),
    Principal,
  ),
  listUnits: defineRequest(
    'communities', 'directory.units.list', 1,
    'Units of the directory, optionally those of one ministry.',
    z.object({ ministryId: UnitId.optional() }),
    z.object({ items: z.array(UnitView) }),
  ),
  getPerson: defineRequest(
    'communities', 'directory.people.get', 1,
    'A person of the directory.',
    z.object({ id: AgentId }),
    Person,
  ),
  listCommunities: defineRequest(
    'communities', 'community.list', 1,
    'Communities visible to the caller (secret ones only to their members).',
    z.object({}),
    z.object({ items: z.array(CommunityView) }),
  ),
} as const;

export const DirectoryEvents = {
  unitChanged: defineEvent('communities', 'directory.unit_changed', 1, 'A unit was created, renamed or moved.', UnitView),
  agentChanged: defineEvent('communities', 'directory.agent_changed', 1, 'An agent or partner account, its memberships or interests changed.', AgentSnapshot),
} as const;
