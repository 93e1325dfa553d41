import { Module } from '@nestjs/common';
import { InterestMessageController } from './interest.message.controller';
import { InterestRepository } from './interest.repository';
import { InterestService } from './interest.service';

@Module({
  controllers: [InterestMessageController],
  providers: [InterestService, InterestRepository],
})
export class InterestModule {}
