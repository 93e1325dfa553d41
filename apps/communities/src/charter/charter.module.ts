import { Module } from '@nestjs/common';
import { CharterMessageController } from './charter.message.controller';
import { CharterRepository } from './charter.repository';
import { CharterService } from './charter.service';

@Module({
  controllers: [CharterMessageController],
  providers: [CharterService, CharterRepository],
})
export class CharterModule {}
