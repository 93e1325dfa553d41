import { Controller } from '@nestjs/common';
import { DirectoryContracts, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { DirectoryService } from './directory.service';

type Req<K extends keyof typeof DirectoryContracts> = ParsedRequestOf<(typeof DirectoryContracts)[K]>;

@Controller()
export class DirectoryMessageController {
  constructor(private readonly directory: DirectoryService) {}

  @RpcHandler(DirectoryContracts.importDirectory)
  importDirectory(principal: Principal, data: Req<'importDirectory'>) {
    return this.directory.importDirectory(principal, data);
  }

  @RpcHandler(DirectoryContracts.resolveLogin)
  resolveLogin(principal: Principal, data: Req<'resolveLogin'>) {
    return this.directory.resolveLogin(principal, data.login);
  }

  @RpcHandler(DirectoryContracts.principal)
  principal(principal: Principal, data: Req<'principal'>) {
    return this.directory.principal(principal, data.agentId);
  }

  @RpcHandler(DirectoryContracts.listUnits)
  listUnits(_principal: Principal, data: Req<'listUnits'>) {
    return this.directory.listUnits(data.ministryId);
  }

  @RpcHandler(DirectoryContracts.getPerson)
  getPerson(principal: Principal, data: Req<'getPerson'>) {
    return this.directory.getPerson(principal, data.id);
  }

  @RpcHandler(DirectoryContracts.searchPeople)
  searchPeople(principal: Principal, data: Req<'searchPeople'>) {
    return this.directory.searchPeople(principal, data);
  }

  @RpcHandler(DirectoryContracts.updateProfile)
  updateProfile(principal: Principal, data: Req<'updateProfile'>) {
    return this.directory.updateProfile(principal, data.visibleToPartners);
  }

  @RpcHandler(DirectoryContracts.setAgentActive)
  setAgentActive(principal: Principal, data: Req<'setAgentActive'>) {
    return this.directory.setActive(principal, data.agentId, data.active);
  }
}
