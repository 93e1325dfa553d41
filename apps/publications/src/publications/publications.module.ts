import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PublicationEntity, ReferenceCounterEntity } from './publication.entity';
import { PublicationsMessageController } from './publications.message.controller';
import { PublicationsRepository } from './publications.repository';
import { PUBLICATIONS_OPTIONS, PublicationsOptions, PublicationsService } from './publications.service';
import { DirectoryEventConsumer } from '../social/directory.event.consumer';
import { SocialMessageController } from '../social/social.message.controller';
import { SocialRepository } from '../social/social.repository';
import { SocialService } from '../social/social.service';

@Module({})
export class PublicationsModule {
  static register(options: PublicationsOptions): DynamicModule {
    return {
      module: PublicationsModule,
      imports: [TypeOrmModule.forFeature([PublicationEntity, ReferenceCounterEntity])],
      // Social (comments, ratings, views, audience) shares the publication's repository and access rule.
      controllers: [PublicationsMessageController, SocialMessageController],
      providers: [
        { provide: PUBLICATIONS_OPTIONS, useValue: options }, PublicationsService, PublicationsRepository,
        SocialService, SocialRepository, DirectoryEventConsumer,
      ],
    };
  }
}
