import { Controller } from '@nestjs/common';
import { z } from 'zod';
import { Principal, RoutingContracts } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { AssignmentsService } from './assignments.service';

const { getAssignment, acknowledge, start, complete, reassign } = RoutingContracts;

@Controller()
export class AssignmentsMessageController {
  constructor(private readonly assignments: AssignmentsService) {}

  @RpcHandler(getAssignment)
  get(principal: Principal, data: z.output<typeof getAssignment.request>) {
    return this.assignments.get(principal, data);
  }

  @RpcHandler(acknowledge)
  acknowledge(principal: Principal, data: z.output<typeof acknowledge.request>) {
    return this.assignments.acknowledge(principal, data);
  }

  @RpcHandler(start)
  start(principal: Principal, data: z.output<typeof start.request>) {
    return this.assignments.start(principal, data);
  }

  @RpcHandler(complete)
  complete(principal: Principal, data: z.output<typeof complete.request>) {
    return this.assignments.complete(principal, data);
  }

  @RpcHandler(reassign)
  reassign(principal: Principal, data: z.output<typeof reassign.request>) {
    return this.assignments.reassign(principal, data);
  }
}
