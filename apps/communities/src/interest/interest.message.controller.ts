import { Controller } from '@nestjs/common';
import { DirectoryContracts, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { InterestService } from './interest.service';

type Req<K extends keyof typeof DirectoryContracts> = ParsedRequestOf<(typeof DirectoryContracts)[K]>;

@Controller()
export class InterestMessageController {
  constructor(private readonly interests: InterestService) {}

  @RpcHandler(DirectoryContracts.getInterests)
  getInterests(principal: Principal) {
    return this.interests.get(principal);
  }

  @RpcHandler(DirectoryContracts.setInterests)
  setInterests(principal: Principal, data: Req<'setInterests'>) {
    return this.interests.set(principal, data);
  }

  @RpcHandler(DirectoryContracts.followInterest)
  followInterest(principal: Principal, data: Req<'followInterest'>) {
    return this.interests.follow(principal, data);
  }

  @RpcHandler(DirectoryContracts.listTopics)
  listTopics() {
    return this.interests.topics();
  }
}
