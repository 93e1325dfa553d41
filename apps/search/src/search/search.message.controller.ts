import { Controller } from '@nestjs/common';
import { Principal, SearchContracts, SearchQuery } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { SearchService } from './search.service';

@Controller()
export class SearchMessageController {
  constructor(private readonly search: SearchService) {}

  @RpcHandler(SearchContracts.query)
  query(principal: Principal, query: SearchQuery) {
    return this.search.query(principal, query);
  }
}
