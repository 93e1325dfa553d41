import { Controller } from '@nestjs/common';
import { z } from 'zod';
import { Principal, RoutingContracts } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { RoutingRulesService } from './routing-rules.service';

const { createRule, listRules, getRule, updateRule, deleteRule, explainRouting } = RoutingContracts;

@Controller()
export class RoutingRulesMessageController {
  constructor(private readonly rules: RoutingRulesService) {}

  @RpcHandler(createRule)
  create(principal: Principal, data: z.output<typeof createRule.request>) {
    return this.rules.create(principal, data);
  }

  @RpcHandler(listRules)
  list(principal: Principal, data: z.output<typeof listRules.request>) {
    return this.rules.list(principal, data);
  }

  @RpcHandler(getRule)
  get(principal: Principal, data: z.output<typeof getRule.request>) {
    return this.rules.get(principal, data);
  }

  @RpcHandler(updateRule)
  update(principal: Principal, data: z.output<typeof updateRule.request>) {
    return this.rules.update(principal, data);
  }

  @RpcHandler(deleteRule)
  delete(principal: Principal, data: z.output<typeof deleteRule.request>) {
    return this.rules.delete(principal, data);
  }

  @RpcHandler(explainRouting)
  explain(principal: Principal, data: z.output<typeof explainRouting.request>) {
    return this.rules.explain(principal, data);
  }
}
