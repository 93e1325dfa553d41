import { Controller } from '@nestjs/common';
import { DirectoryContracts, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { CommunityService } from './community.service';

type Req<K extends keyof typeof DirectoryContracts> = ParsedRequestOf<(typeof DirectoryContracts)[K]>;

@Controller()
export class CommunityMessageController {
  constructor(private readonly communities: CommunityService) {}

  @RpcHandler(DirectoryContracts.listCommunities)
  listCommunities(principal: Principal) {
    return this.communities.list(principal);
  }

  @RpcHandler(DirectoryContracts.createCommunity)
  createCommunity(principal: Principal, data: Req<'createCommunity'>) {
    return this.communities.create(principal, data);
  }

  @RpcHandler(DirectoryContracts.getCommunity)
  getCommunity(principal: Principal, data: Req<'getCommunity'>) {
    return this.communities.get(principal, data.id, data.limit, data.cursor);
  }

  @RpcHandler(DirectoryContracts.joinCommunity)
  joinCommunity(principal: Principal, data: Req<'joinCommunity'>) {
    return this.communities.join(principal, data.id);
  }

  @RpcHandler(DirectoryContracts.listJoinRequests)
  listJoinRequests(principal: Principal, data: Req<'listJoinRequests'>) {
    return this.communities.joinRequests(principal, data.id);
  }

  @RpcHandler(DirectoryContracts.decideJoinRequest)
  decideJoinRequest(principal: Principal, data: Req<'decideJoinRequest'>) {
    return this.communities.decideJoinRequest(principal, data.id, data.agentId, data.decision);
  }

  @RpcHandler(DirectoryContracts.inviteToCommunity)
  inviteToCommunity(principal: Principal, data: Req<'inviteToCommunity'>) {
    return this.communities.invite(principal, data.id, data.agentId);
  }

  @RpcHandler(DirectoryContracts.answerInvitation)
  answerInvitation(principal: Principal, data: Req<'answerInvitation'>) {
    return this.communities.answerInvitation(principal, data.id, data.accept);
  }

  @RpcHandler(DirectoryContracts.leaveCommunity)
  leaveCommunity(principal: Principal, data: Req<'leaveCommunity'>) {
    return this.communities.leave(principal, data.id);
  }

  @RpcHandler(DirectoryContracts.removeMember)
  removeMember(principal: Principal, data: Req<'removeMember'>) {
    return this.communities.removeMember(principal, data.id, data.agentId);
  }

  @RpcHandler(DirectoryContracts.changeMemberRole)
  changeMemberRole(principal: Principal, data: Req<'changeMemberRole'>) {
    return this.communities.changeRole(principal, data.id, data.agentId, data.role);
  }

  @RpcHandler(DirectoryContracts.transferOwnership)
  transferOwnership(principal: Principal, data: Req<'transferOwnership'>) {
    return this.communities.transferOwnership(principal, data.id, data.agentId);
  }

  @RpcHandler(DirectoryContracts.archiveCommunity)
  archiveCommunity(principal: Principal, data: Req<'archiveCommunity'>) {
    return this.communities.archive(principal, data.id);
  }
}
