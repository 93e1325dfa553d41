import { z } from 'zod';
import { AgentId, CommunityId, IsoDateTime, Login, pageOf, PageRequest, TopicId, UnitId } from '../common';
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
  /**
   * `all_or_nothing` (the default, what the seed relies on): one faulty reference refuses the whole
   * import. `per_row`: faulty rows (and rows that depended on them) are left out and reported in
   * `rejected`; the good ones are imported.
   */
  mode: z.enum(['all_or_nothing', 'per_row']).default('all_or_nothing'),
});
export type DirectoryImport = z.infer<typeof DirectoryImport>;
export const DirectoryImportResult = z.object({
  units: z.number().int(),
  organisations: z.number().int(),
  agents: z.number().int(),
  topics: z.number().int(),
  communities: z.number().int(),
  interests: z.number().int(),
  /** `per_row` mode: each row left out, by its path in the payload, and why. */
  rejected: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
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
  /** Whether the person chose to appear in the directory partners see. */
  visibleToPartners: z.boolean().default(false),
});
export type Person = z.infer<typeof Person>;

export const SearchPeople = PageRequest.extend({
  /** Words to find in names, titles and unit names; accents and case do not matter, small typos are forgiven. */
  q: z.string().trim().max(200).default(''),
});
export const UpdateProfile = z.object({ visibleToPartners: z.boolean() });

export const CommunityView = z.object({
  id: CommunityId,
  name: z.string(),
  description: z.string(),
  kind: CommunityKind,
  partnersAllowed: z.boolean(),
  topics: z.array(TopicId),
  memberCount: z.number().int(),
});

/** A new community: its creator becomes its owner. */
export const CreateCommunity = z.object({
  id: CommunityId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(''),
  kind: CommunityKind,
  partnersAllowed: z.boolean().default(false),
  topics: z.array(TopicId).max(50).default([]),
});
export type CreateCommunity = z.infer<typeof CreateCommunity>;

export const CommunityMember = z.object({
  agentId: AgentId,
  displayName: z.string(),
  kind: z.enum(['agent', 'partner']),
  role: CommunityRole,
  joinedAt: IsoDateTime,
});
export type CommunityMember = z.infer<typeof CommunityMember>;

/** The caller's standing in a community: `invited` and `requested` are pending. */
export const CommunityStanding = z.enum(['owner', 'moderator', 'member', 'invited', 'requested', 'none']);

/** A community's page: description, the caller's standing, and one page of members. */
export const CommunityPage = CommunityView.extend({
  archived: z.boolean(),
  createdAt: IsoDateTime,
  myStanding: CommunityStanding,
  members: pageOf(CommunityMember),
});
export type CommunityPage = z.infer<typeof CommunityPage>;

export const CommunityRef = z.object({ id: CommunityId });
export const CommunityMemberRef = z.object({ id: CommunityId, agentId: AgentId });

export const JoinRequest = z.object({ agentId: AgentId, displayName: z.string(), kind: z.enum(['agent', 'partner']), requestedAt: IsoDateTime });
/** What a membership action left: the caller's (or the target's) standing afterwards. */
export const MembershipOutcome = z.object({ communityId: CommunityId, agentId: AgentId, standing: CommunityStanding });

/** An account's centres d'intérêt: topics of the catalogue and communities it follows. */
export const Interests = z.object({
  topics: z.array(TopicId).max(200),
  communities: z.array(CommunityId).max(200),
});
export type Interests = z.infer<typeof Interests>;
/** One click: follow or unfollow one topic or one community. */
export const FollowInterest = z.object({ kind: z.enum(['topic', 'community']), id: TopicId, follow: z.boolean() });

/** The partners' security charter, in its current version, and where the caller stands with it. */
export const Charter = z.object({
  version: z.number().int().positive(),
  title: z.string(),
  text: z.string(),
  publishedAt: IsoDateTime,
  /** The version the caller last accepted (null: never; always null for agents, who are not bound by it). */
  acceptedVersion: z.number().int().positive().nullable(),
  /** Whether the caller accepted the current version. */
  accepted: z.boolean(),
});
export type Charter = z.infer<typeof Charter>;

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
  createCommunity: defineRequest(
    'communities', 'community.create', 1,
    'Creates a community; the calling agent becomes its owner. Partners may not create communities.',
    CreateCommunity, CommunityPage,
  ),
  getCommunity: defineRequest(
    'communities', 'community.get', 1,
    'A community page with one page of its members (owners and moderators first). Secret communities exist only for their members and invitees.',
    CommunityRef.extend(PageRequest.shape), CommunityPage,
  ),
  joinCommunity: defineRequest(
    'communities', 'community.join', 1,
    'Joins an open community at once, or asks to join a closed one (a moderator decides). Secret communities are by invitation only.',
    CommunityRef, MembershipOutcome,
  ),
  listJoinRequests: defineRequest(
    'communities', 'community.join_requests.list', 1,
    'Pending join requests of a community, oldest first (owner and moderators).',
    CommunityRef, z.object({ items: z.array(JoinRequest) }),
  ),
  decideJoinRequest: defineRequest(
    'communities', 'community.join_requests.decide', 1,
    'Approves (the requester becomes a member) or rejects a pending join request (owner and moderators).',
    CommunityMemberRef.extend({ decision: z.enum(['approve', 'reject']) }), MembershipOutcome,
  ),
  inviteToCommunity: defineRequest(
    'communities', 'community.invite', 1,
    'Invites an account to a community (owner and moderators); the invitee accepts or declines.',
    CommunityMemberRef, MembershipOutcome,
  ),
  answerInvitation: defineRequest(
    'communities', 'community.invitation.answer', 1,
    "Accepts (becoming a member) or declines the caller's pending invitation.",
    CommunityRef.extend({ accept: z.boolean() }), MembershipOutcome,
  ),
  leaveCommunity: defineRequest(
    'communities', 'community.leave', 1,
    'The caller leaves a community; an owner must first transfer ownership.',
    CommunityRef, MembershipOutcome,
  ),
  removeMember: defineRequest(
    'communities', 'community.members.remove', 1,
    'Removes a member (owner: anyone but themselves; moderators: plain members only).',
    CommunityMemberRef, MembershipOutcome,
  ),
  changeMemberRole: defineRequest(
    'communities', 'community.members.change_role', 1,
    'Makes a member a moderator or a plain member again (owner only).',
    CommunityMemberRef.extend({ role: z.enum(['moderator', 'member']) }), MembershipOutcome,
  ),
  transferOwnership: defineRequest(
    'communities', 'community.transfer_ownership', 1,
    'Hands the community to another member (owner only); the former owner stays as a moderator.',
    CommunityMemberRef, MembershipOutcome,
  ),
  archiveCommunity: defineRequest(
    'communities', 'community.archive', 1,
    'Archives a community (owner or administrator): it stays readable, its membership is frozen.',
    CommunityRef, CommunityPage,
  ),
  getInterests: defineRequest(
    'communities', 'interests.get', 1,
    "The caller's centres d'intérêt: followed topics and communities.",
    z.object({}), Interests,
  ),
  setInterests: defineRequest(
    'communities', 'interests.set', 1,
    "Replaces the caller's centres d'intérêt. Topics come from the catalogue and communities from those the caller may see; anything else is a 400 naming the entry.",
    Interests, Interests,
  ),
  followInterest: defineRequest(
    'communities', 'interests.follow', 1,
    'Follows or unfollows one topic or one community (idempotent).',
    FollowInterest, Interests,
  ),
  listTopics: defineRequest(
    'communities', 'topics.list', 1,
    'The topics catalogue, with the synonyms each topic is also found by.',
    z.object({}), z.object({ items: z.array(Topic) }),
  ),
  searchPeople: defineRequest(
    'communities', 'directory.people.search', 1,
    'Searches the directory by name, title or unit name (accent-insensitive), in alphabetical order. Partners find only the agents who chose to be visible to partners.',
    SearchPeople, pageOf(Person),
  ),
  updateProfile: defineRequest(
    'communities', 'directory.profile.update', 1,
    "Updates the caller's own profile choices (visibility to partners).",
    UpdateProfile, Person,
  ),
  getCharter: defineRequest(
    'communities', 'charter.get', 1,
    "The current version of the partners' security charter, and whether the caller accepted it.",
    z.object({}), Charter,
  ),
  acceptCharter: defineRequest(
    'communities', 'charter.accept', 1,
    'A partner accepts the charter version they read; accepting a version that is no longer the current one is a conflict.',
    z.object({ version: z.number().int().positive() }), Charter,
  ),
  publishCharter: defineRequest(
    'communities', 'charter.publish', 1,
    'Publishes a new version of the charter (administrators): every partner must accept it again before being served content.',
    z.object({ title: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(50_000) }), Charter,
  ),
  setAgentActive: defineRequest(
    'communities', 'directory.agents.set_active', 1,
    "Deactivates or reactivates an account (administrators). A deactivated account's tokens stop working at the gateway once its cached principal expires.",
    z.object({ agentId: AgentId, active: z.boolean() }), Person,
  ),
} as const;

export const DirectoryEvents = {
  unitChanged: defineEvent('communities', 'directory.unit_changed', 1, 'A unit was created, renamed or moved.', UnitView),
  agentChanged: defineEvent('communities', 'directory.agent_changed', 1, 'An agent or partner account, its memberships or interests changed.', AgentSnapshot),
  communityCreated: defineEvent('communities', 'community.created', 1, 'A community was created (its creator is its owner).',
    CommunityView.extend({ ownerId: AgentId, createdAt: IsoDateTime })),
  memberJoined: defineEvent('communities', 'community.member_joined', 1, 'An account became a member of a community (joined, approved, or accepted an invitation).',
    z.object({ communityId: CommunityId, agentId: AgentId, role: CommunityRole, how: z.enum(['joined', 'approved', 'invited']) })),
  memberLeft: defineEvent('communities', 'community.member_left', 1, 'An account stopped being a member of a community (left or removed).',
    z.object({ communityId: CommunityId, agentId: AgentId, how: z.enum(['left', 'removed']) })),
  roleChanged: defineEvent('communities', 'community.role_changed', 1, "A member's role in a community changed (promotion, demotion, ownership transfer).",
    z.object({ communityId: CommunityId, agentId: AgentId, role: CommunityRole, previousRole: CommunityRole })),
} as const;
