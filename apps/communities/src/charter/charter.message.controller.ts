import { Controller } from '@nestjs/common';
import { DirectoryContracts, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { CharterService } from './charter.service';

type Req<K extends keyof typeof DirectoryContracts> = ParsedRequestOf<(typeof DirectoryContracts)[K]>;

@Controller()
export class CharterMessageController {
  constructor(private readonly charter: CharterService) {}

  @RpcHandler(DirectoryContracts.getCharter)
  getCharter(principal: Principal) {
    return this.charter.get(principal);
  }

  @RpcHandler(DirectoryContracts.acceptCharter)
  acceptCharter(principal: Principal, data: Req<'acceptCharter'>) {
    return this.charter.accept(principal, data.version);
  }

  @RpcHandler(DirectoryContracts.publishCharter)
  publishCharter(principal: Principal, data: Req<'publishCharter'>) {
    return this.charter.publish(principal, data.title, data.text);
  }
}
