import { Controller } from '@nestjs/common';
import { ParsedRequestOf, Principal, PublicationContracts } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { PublicationsService } from './publications.service';

type Req<K extends keyof typeof PublicationContracts> = ParsedRequestOf<(typeof PublicationContracts)[K]>;

@Controller()
export class PublicationsMessageController {
  constructor(private readonly publications: PublicationsService) {}

  @RpcHandler(PublicationContracts.create)
  create(principal: Principal, draft: Req<'create'>) {
    return this.publications.create(principal, draft);
  }

  @RpcHandler(PublicationContracts.publish)
  publish(principal: Principal, data: Req<'publish'>) {
    return this.publications.publish(principal, data);
  }

  @RpcHandler(PublicationContracts.get)
  get(principal: Principal, data: Req<'get'>) {
    return this.publications.get(principal, data);
  }

  @RpcHandler(PublicationContracts.edit)
  edit(principal: Principal, data: Req<'edit'>) {
    return this.publications.edit(principal, data);
  }

  @RpcHandler(PublicationContracts.versions)
  versions(principal: Principal, data: Req<'versions'>) {
    return this.publications.versions(principal, data);
  }

  @RpcHandler(PublicationContracts.withdraw)
  withdraw(principal: Principal, data: Req<'withdraw'>) {
    return this.publications.withdraw(principal, data);
  }

  @RpcHandler(PublicationContracts.list)
  list(principal: Principal, query: Req<'list'>) {
    return this.publications.list(principal, query);
  }
}
