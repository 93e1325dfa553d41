import { Controller } from '@nestjs/common';
import { DirectoryContracts, Principal } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { CommunityService } from './community.service';

@Controller()
export class CommunityMessageController {
  constructor(private readonly communities: CommunityService) {}

  @RpcHandler(DirectoryContracts.listCommunities)
  listCommunities(principal: Principal) {
    return this.communities.list(principal);
  }
}
