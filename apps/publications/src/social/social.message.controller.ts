import { Controller } from '@nestjs/common';
import { ParsedRequestOf, Principal, PublicationContracts } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { SocialService } from './social.service';

type Req<K extends keyof typeof PublicationContracts> = ParsedRequestOf<(typeof PublicationContracts)[K]>;

@Controller()
export class SocialMessageController {
  constructor(private readonly social: SocialService) {}

  @RpcHandler(PublicationContracts.addComment)
  addComment(principal: Principal, data: Req<'addComment'>) {
    return this.social.addComment(principal, data);
  }

  @RpcHandler(PublicationContracts.editComment)
  editComment(principal: Principal, data: Req<'editComment'>) {
    return this.social.editComment(principal, data);
  }

  @RpcHandler(PublicationContracts.deleteComment)
  deleteComment(principal: Principal, data: Req<'deleteComment'>) {
    return this.social.deleteComment(principal, data);
  }

  @RpcHandler(PublicationContracts.listComments)
  listComments(principal: Principal, data: Req<'listComments'>) {
    return this.social.listComments(principal, data);
  }

  @RpcHandler(PublicationContracts.rate)
  rate(principal: Principal, data: Req<'rate'>) {
    return this.social.rate(principal, data);
  }

  @RpcHandler(PublicationContracts.audienceByUnit)
  audienceByUnit(principal: Principal, data: Req<'audienceByUnit'>) {
    return this.social.audienceByUnit(principal, data);
  }

  @RpcHandler(PublicationContracts.audience)
  audience(principal: Principal, data: Req<'audience'>) {
    return this.social.audience(principal, data);
  }
}
