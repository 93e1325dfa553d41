import { Controller } from '@nestjs/common';
import { z } from 'zod';
import { Principal, RoutingContracts } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { JournalService } from './journal.service';

@Controller()
export class JournalMessageController {
  constructor(private readonly journal: JournalService) {}

  @RpcHandler(RoutingContracts.toHandle)
  toHandle(principal: Principal, data: z.output<typeof RoutingContracts.toHandle.request>) {
    return this.journal.toHandle(principal, data);
  }

  @RpcHandler(RoutingContracts.toHandleCounts)
  toHandleCounts(principal: Principal, data: z.output<typeof RoutingContracts.toHandleCounts.request>) {
    return this.journal.toHandleCounts(principal, data);
  }

  @RpcHandler(RoutingContracts.markRead)
  markRead(principal: Principal, data: z.output<typeof RoutingContracts.markRead.request>) {
    return this.journal.markRead(principal, data);
  }

  @RpcHandler(RoutingContracts.interests)
  interests(principal: Principal, data: z.output<typeof RoutingContracts.interests.request>) {
    return this.journal.interests(principal, data);
  }
}
