import { Module } from '@nestjs/common';
import { DirectoryMessageController } from './directory.message.controller';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';

@Module({
  controllers: [DirectoryMessageController],
  providers: [DirectoryService, DirectoryRepository],
})
export class DirectoryModule {}
