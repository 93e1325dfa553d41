import { Controller } from '@nestjs/common';
import { SignatureContracts } from '@diplomatie/contracts';
import { RpcHandler } from '@diplomatie/messaging';
import { ParapheurService } from './parapheur.service';

@Controller()
export class ParapheurMessageController {
  constructor(private readonly parapheur: ParapheurService) {}

  @RpcHandler(SignatureContracts.status)
  status() {
    return this.parapheur.status();
  }
}
