import { Module } from '@nestjs/common';
import { CommunityMessageController } from './community.message.controller';
import { CommunityRepository } from './community.repository';
import { CommunityService } from './community.service';

@Module({
  controllers: [CommunityMessageController],
  providers: [CommunityService, CommunityRepository],
})
export class CommunityModule {}
