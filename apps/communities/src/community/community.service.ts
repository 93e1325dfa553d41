import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor, actorOf, AppError, assertUnreachable, CommunityPage, CreateCommunity, decodeCursor, DirectoryEvents, encodeCursor, ErrorCode, Principal,
} from '@diplomatie/contracts';
import { CommunityFilter, CommunityRepository, CommunityRow, CommunityViewRow, CommunityWriter, MemberKey, Role, Standing } from './community.repository';

const MemberCursor = z.tuple([z.number().int(), z.string(), z.string()]);
type Outcome = { communityId: string; agentId: string; standing: Standing };
/** A caller who may hold a membership: agents and partners (services act on nobody's behalf here). */
type Member = Extract<Principal, { kind: 'agent' | 'partner' }>;

@Injectable()
export class CommunityService {
  constructor(private readonly repository: CommunityRepository) {}

  async list(principal: Principal): Promise<{ items: CommunityViewRow[] }> {
    return { items: await this.repository.list(visibility(principal)) };
  }

  async get(principal: Principal, id: string, limit: number, cursor?: string): Promise<CommunityPage> {
    const community = await this.repository.find(id);
    const standing = principal.kind === 'service' ? 'none' : await this.repository.standing(id, principal.id);
    if (!community || !maySee(principal, community, standing)) throw AppError.notFound('community');
    return this.page(community, standing, limit, cursor);
  }

  async create(principal: Principal, data: CreateCommunity): Promise<CommunityPage> {
    if (principal.kind !== 'agent') throw new AppError(ErrorCode.Forbidden, 'only agents create communities');
    await this.repository.transaction(async (tx) => {
      const unknown = await tx.unknownTopics(data.topics);
      if (unknown.length > 0) {
        throw new AppError(ErrorCode.ValidationFailed, `unknown topics: ${unknown.join(', ')}`,
          unknown.map((t) => ({ path: `topics.${data.topics.indexOf(t)}`, message: `unknown topic "${t}"` })));
      }
      if (!(await tx.insert(data, principal.id))) throw new AppError(ErrorCode.Conflict, `community "${data.id}" already exists`);
      await tx.addMember(data.id, principal.id, 'owner');
      const created = await tx.lockedCommunity(data.id);
      if (!created) throw new Error(`community ${data.id} vanished inside its own transaction`);
      const actor = actorOf(principal);
      // The event's schema keeps the community's view and drops what is not in it.
      await tx.emit(DirectoryEvents.communityCreated, { ...created, ownerId: principal.id }, actor);
      await tx.emit(DirectoryEvents.agentChanged, await tx.snapshot(principal.id), actor);
    });
    return this.get(principal, data.id, 20);
  }

  join(principal: Principal, id: string): Promise<Outcome> {
    return this.change(principal, id, async (tx, community, me, standing) => {
      if (isMember(standing)) throw new AppError(ErrorCode.Conflict, 'already a member of this community');
      if (standing === 'invited') return joined(tx, community.id, me.id, 'invited', actorOf(me));
      switch (community.kind) {
        case 'open':
          return joined(tx, community.id, me.id, 'joined', actorOf(me));
        case 'closed':
          await tx.addRequest(community.id, me.id, 'join_request', null);
          return { communityId: community.id, agentId: me.id, standing: 'requested' };
        case 'secret':
          throw new AppError(ErrorCode.Forbidden, 'this community is by invitation only');
        default:
          return assertUnreachable(community.kind);
      }
    });
  }

  async joinRequests(principal: Principal, id: string) {
    return this.repository.transaction(async (tx) => {
      const { standing } = await visible(tx, principal, id);
      requireRole(standing, ['owner', 'moderator'], 'only the owner and moderators see join requests');
      return { items: await tx.joinRequests(id) };
    });
  }

  decideJoinRequest(principal: Principal, id: string, agentId: string, decision: 'approve' | 'reject'): Promise<Outcome> {
    return this.change(principal, id, async (tx, community, me, standing) => {
      requireRole(standing, ['owner', 'moderator'], 'only the owner and moderators decide on join requests');
      if ((await tx.standing(id, agentId)) !== 'requested') throw AppError.notFound('join request');
      if (decision === 'approve') return joined(tx, id, agentId, 'approved', actorOf(me));
      await tx.deleteRequests(id, agentId);
      return { communityId: id, agentId, standing: 'none' };
    });
  }

  invite(principal: Principal, id: string, agentId: string): Promise<Outcome> {
    return this.change(principal, id, async (tx, community, _me, standing) => {
      requireRole(standing, ['owner', 'moderator'], 'only the owner and moderators invite');
      const invitee = await tx.account(agentId);
      if (!invitee || !invitee.active) throw AppError.notFound('account');
      if (invitee.kind === 'partner' && !community.partnersAllowed) throw new AppError(ErrorCode.Conflict, 'this community does not admit partners');
      const current = await tx.standing(id, agentId);
      if (isMember(current)) throw new AppError(ErrorCode.Conflict, 'already a member of this community');
      await tx.addRequest(id, agentId, 'invitation', principal.id);
      return { communityId: id, agentId, standing: 'invited' };
    });
  }

  answerInvitation(principal: Principal, id: string, accept: boolean): Promise<Outcome> {
    return this.change(principal, id, async (tx, community, me, standing) => {
      if (standing !== 'invited') throw AppError.notFound('invitation');
      if (accept) return joined(tx, id, me.id, 'invited', actorOf(me));
      await tx.deleteRequests(id, me.id);
      return { communityId: id, agentId: me.id, standing: 'none' };
    });
  }

  leave(principal: Principal, id: string): Promise<Outcome> {
    return this.change(principal, id, async (tx, _community, me, standing) => {
      if (!isMember(standing)) throw new AppError(ErrorCode.Conflict, 'not a member of this community');
      if (standing === 'owner') throw new AppError(ErrorCode.Conflict, 'the owner must transfer ownership before leaving');
      return left(tx, id, me.id, 'left', actorOf(me));
    });
  }

  removeMember(principal: Principal, id: string, agentId: string): Promise<Outcome> {
    return this.change(principal, id, async (tx, _community, me, standing) => {
      requireRole(standing, ['owner', 'moderator'], 'only the owner and moderators remove members');
      if (agentId === me.id) throw new AppError(ErrorCode.Conflict, 'to leave a community, leave it');
      const target = await tx.standing(id, agentId);
      if (!isMember(target)) throw AppError.notFound('member');
      if (!outranks(standing, target)) throw new AppError(ErrorCode.Forbidden, `a ${standing} may not remove a ${target}`);
      return left(tx, id, agentId, 'removed', actorOf(me));
    });
  }

  changeRole(principal: Principal, id: string, agentId: string, role: 'moderator' | 'member'): Promise<Outcome> {
    return this.change(principal, id, async (tx, _community, me, standing) => {
      requireRole(standing, ['owner'], 'only the owner changes roles');
      const target = await tx.standing(id, agentId);
      if (!isMember(target)) throw AppError.notFound('member');
      if (target === 'owner') throw new AppError(ErrorCode.Conflict, 'the owner changes role only by transferring ownership');
      if (target !== role) {
        await tx.setRole(id, agentId, role);
        await tx.emit(DirectoryEvents.roleChanged, { communityId: id, agentId, role, previousRole: target }, actorOf(me));
      }
      return { communityId: id, agentId, standing: role };
    });
  }

  transferOwnership(principal: Principal, id: string, agentId: string): Promise<Outcome> {
    return this.change(principal, id, async (tx, _community, me, standing) => {
      requireRole(standing, ['owner'], 'only the owner transfers ownership');
      const target = await tx.standing(id, agentId);
      if (!isMember(target)) throw AppError.notFound('member');
      if (target === 'owner') throw new AppError(ErrorCode.Conflict, 'already the owner');
      if ((await tx.account(agentId))?.kind !== 'agent') throw new AppError(ErrorCode.Conflict, 'only an agent may own a community');
      const actor = actorOf(me);
      await tx.setRole(id, agentId, 'owner');
      await tx.setRole(id, me.id, 'moderator');
      await tx.emit(DirectoryEvents.roleChanged, { communityId: id, agentId, role: 'owner', previousRole: target }, actor);
      await tx.emit(DirectoryEvents.roleChanged, { communityId: id, agentId: me.id, role: 'moderator', previousRole: 'owner' }, actor);
      return { communityId: id, agentId, standing: 'owner' };
    });
  }

  async archive(principal: Principal, id: string): Promise<CommunityPage> {
    await this.change(principal, id, async (tx, _community, me, standing) => {
      if (!(standing === 'owner' || (me.kind === 'agent' && me.roles.includes('admin')))) {
        throw new AppError(ErrorCode.Forbidden, 'only the owner or an administrator archives a community');
      }
      await tx.archive(id);
      return { communityId: id, agentId: me.id, standing };
    });
    return this.get(principal, id, 20);
  }

  /** A membership change: the community locked, visible to the caller (else 404), not archived (else 409). */
  private change(
    principal: Principal, id: string,
    work: (tx: CommunityWriter, community: CommunityRow, me: Member, standing: Standing) => Promise<Outcome>,
  ): Promise<Outcome> {
    if (principal.kind === 'service') throw new AppError(ErrorCode.Forbidden, 'memberships are changed by their agents, not by services');
    return this.repository.transaction(async (tx) => {
      const { community, standing } = await visible(tx, principal, id);
      if (community.archived) throw new AppError(ErrorCode.Conflict, 'this community is archived');
      return work(tx, community, principal, standing);
    });
  }

  private async page(community: CommunityRow, standing: Standing, limit: number, cursor?: string): Promise<CommunityPage> {
    const after = decodeCursor(cursor, MemberCursor) as MemberKey | undefined;
    const rows = await this.repository.members(community.id, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      ...community,
      myStanding: standing,
      members: {
        items: items.map((row) => row.member),
        nextCursor: rows.length > limit && last ? encodeCursor(last.key) : null,
      },
    };
  }
}

/** Secret communities exist only for their members; partners see those that admit partners, once they accepted the charter. */
export function visibility(principal: Principal): CommunityFilter {
  switch (principal.kind) {
    case 'service':
      return { kind: 'all' };
    case 'agent':
      return { kind: 'member', agentId: principal.id, partnersOnly: false };
    case 'partner':
      return principal.charterAccepted ? { kind: 'member', agentId: principal.id, partnersOnly: true } : { kind: 'none' };
    default:
      return assertUnreachable(principal);
  }
}

/** The same rule for one community: a secret one shows itself to its members and invitees only. */
export function maySee(principal: Principal, community: Pick<CommunityRow, 'kind' | 'partnersAllowed'>, standing: Standing): boolean {
  if (principal.kind === 'service') return true;
  if (principal.kind === 'partner' && !(principal.charterAccepted && community.partnersAllowed)) return false;
  return community.kind !== 'secret' || isMember(standing) || standing === 'invited';
}

export function isMember(standing: Standing): standing is Role {
  return standing === 'owner' || standing === 'moderator' || standing === 'member';
}

/** The owner may remove anyone else; a moderator only plain members. */
export function outranks(remover: Standing, target: Role): boolean {
  if (remover === 'owner') return target !== 'owner';
  return remover === 'moderator' && target === 'member';
}

function requireRole(standing: Standing, roles: Role[], message: string): void {
  if (!(roles as Standing[]).includes(standing)) throw new AppError(ErrorCode.Forbidden, message);
}

async function visible(tx: CommunityWriter, principal: Principal, id: string): Promise<{ community: CommunityRow; standing: Standing }> {
  const community = await tx.lockedCommunity(id);
  const standing = principal.kind === 'service' ? 'none' : await tx.standing(id, principal.id);
  if (!community || !maySee(principal, community, standing)) throw AppError.notFound('community');
  return { community, standing };
}

async function joined(tx: CommunityWriter, communityId: string, agentId: string, how: 'joined' | 'approved' | 'invited', actor: Actor): Promise<Outcome> {
  await tx.addMember(communityId, agentId, 'member');
  await tx.emit(DirectoryEvents.memberJoined, { communityId, agentId, role: 'member', how }, actor);
  await tx.emit(DirectoryEvents.agentChanged, await tx.snapshot(agentId), actor);
  return { communityId, agentId, standing: 'member' };
}

async function left(tx: CommunityWriter, communityId: string, agentId: string, how: 'left' | 'removed', actor: Actor): Promise<Outcome> {
  await tx.removeMember(communityId, agentId);
  await tx.emit(DirectoryEvents.memberLeft, { communityId, agentId, how }, actor);
  await tx.emit(DirectoryEvents.agentChanged, await tx.snapshot(agentId), actor);
  return { communityId, agentId, standing: 'none' };
}
