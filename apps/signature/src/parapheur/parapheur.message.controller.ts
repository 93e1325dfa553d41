import { Controller } from '@nestjs/common';
import { ParsedRequestOf, Principal, SignatureContracts as C } from '@diplomatie/contracts';
import { RpcContext, RpcHandler } from '@diplomatie/messaging';
import { ParapheurService } from './parapheur.service';

@Controller()
export class ParapheurMessageController {
  constructor(private readonly parapheur: ParapheurService) {}

  @RpcHandler(C.status)
  status() {
    return this.parapheur.status();
  }

  @RpcHandler(C.start)
  start(principal: Principal, data: ParsedRequestOf<typeof C.start>, ctx: RpcContext) {
    return this.parapheur.start(principal, data, ctx);
  }

  @RpcHandler(C.get)
  get(principal: Principal, data: ParsedRequestOf<typeof C.get>) {
    return this.parapheur.get(principal, data);
  }

  @RpcHandler(C.approve)
  approve(principal: Principal, data: ParsedRequestOf<typeof C.approve>, ctx: RpcContext) {
    return this.parapheur.act(principal, 'approve', data, ctx);
  }

  @RpcHandler(C.sign)
  sign(principal: Principal, data: ParsedRequestOf<typeof C.sign>, ctx: RpcContext) {
    return this.parapheur.act(principal, 'sign', data, ctx);
  }

  @RpcHandler(C.reject)
  reject(principal: Principal, data: ParsedRequestOf<typeof C.reject>, ctx: RpcContext) {
    return this.parapheur.act(principal, 'reject', data, ctx);
  }

  @RpcHandler(C.delegate)
  delegate(principal: Principal, data: ParsedRequestOf<typeof C.delegate>, ctx: RpcContext) {
    return this.parapheur.act(principal, 'delegate', data, ctx);
  }

  @RpcHandler(C.comment)
  comment(principal: Principal, data: ParsedRequestOf<typeof C.comment>) {
    return this.parapheur.comment(principal, data);
  }

  @RpcHandler(C.document)
  document(principal: Principal, data: ParsedRequestOf<typeof C.document>) {
    return this.parapheur.document(principal, data);
  }

  @RpcHandler(C.signature)
  signature(principal: Principal, data: ParsedRequestOf<typeof C.signature>) {
    return this.parapheur.signature(principal, data);
  }

  @RpcHandler(C.proof)
  proof(principal: Principal, data: ParsedRequestOf<typeof C.proof>) {
    return this.parapheur.proof(principal, data);
  }

  @RpcHandler(C.verifyProof)
  verifyProof(principal: Principal, data: ParsedRequestOf<typeof C.verifyProof>) {
    return this.parapheur.verifyProof(principal, data);
  }

  @RpcHandler(C.verify)
  verify(principal: Principal, data: ParsedRequestOf<typeof C.verify>) {
    return this.parapheur.verify(principal, data);
  }
}
