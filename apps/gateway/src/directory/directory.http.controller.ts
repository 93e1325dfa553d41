import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DirectoryContracts, ParsedRequestOf, Principal } from '@diplomatie/contracts';
import { RpcClient } from '@diplomatie/messaging';
import { Authenticated } from '../auth/bearer-auth.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrors, ApiZodBody, ApiZodParam, ApiZodQuery, ApiZodResponse } from '../http/openapi';
import { RequestId } from '../http/request-id';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { CharterExempt } from './charter-gate.interceptor';

const { listUnits, getPerson, searchPeople, updateProfile } = DirectoryContracts;
const PersonId = getPerson.request.shape.id;

@ApiTags('directory')
@Authenticated()
@ApiErrors(401, 403, 503)
@Controller()
export class DirectoryHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('me')
  @CharterExempt()
  @ApiOperation({ summary: 'The caller: id, kind (agent/partner), units, communities, topics' })
  @ApiZodResponse(200, DirectoryContracts.principal.response)
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('units')
  @ApiOperation({ summary: listUnits.summary })
  @ApiZodQuery(listUnits.request)
  @ApiZodResponse(200, listUnits.response)
  @ApiErrors(400)
  units(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(listUnits.request)) query: ParsedRequestOf<typeof listUnits>, @RequestId() requestId: string) {
    return this.rpc.request(listUnits, principal, query, { requestId });
  }

  @Get('people')
  @ApiOperation({ summary: searchPeople.summary })
  @ApiZodQuery(searchPeople.request)
  @ApiZodResponse(200, searchPeople.response)
  @ApiErrors(400)
  people(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(searchPeople.request)) query: ParsedRequestOf<typeof searchPeople>, @RequestId() requestId: string) {
    return this.rpc.request(searchPeople, principal, query, { requestId });
  }

  @Put('me/profile')
  @ApiOperation({ summary: updateProfile.summary })
  @ApiZodBody(updateProfile.request)
  @ApiZodResponse(200, updateProfile.response)
  @ApiErrors(400)
  profile(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(updateProfile.request)) body: ParsedRequestOf<typeof updateProfile>, @RequestId() requestId: string) {
    return this.rpc.request(updateProfile, principal, body, { requestId });
  }

  @Get('people/:id')
  @ApiOperation({ summary: getPerson.summary })
  @ApiZodParam('id', PersonId, 'the account id (a UUID; anything else is a 400)')
  @ApiZodResponse(200, getPerson.response)
  @ApiErrors(400, 404)
  person(@CurrentPrincipal() principal: Principal, @Param('id', new ZodValidationPipe(PersonId)) id: string, @RequestId() requestId: string) {
    return this.rpc.request(getPerson, principal, { id }, { requestId });
  }
}
