import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParsedRequestOf, Principal, SearchContracts } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

const { query } = SearchContracts;

@ApiTags('search')
@Authenticated()
@Controller('search')
export class SearchHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: query.summary })
  @ApiZodQuery(query.request)
  @ApiZodResponse(200, query.response)
  @ApiErrors(400, 401, 403, 503)
  search(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(query.request)) params: ParsedRequestOf<typeof query>, @RequestId() requestId: string) {
    return this.rpc.request(query, principal, params, { requestId });
  }
}
