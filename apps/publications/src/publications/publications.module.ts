import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PublicationEntity, ReferenceCounterEntity } from './publication.entity';
import { PublicationsMessageController } from './publications.message.controller';
import { PublicationsRepository } from './publications.repository';
import { PUBLICATIONS_OPTIONS, PublicationsOptions, PublicationsService } from './publications.service';

@Module({})
export class PublicationsModule {
  static register(options: PublicationsOptions): DynamicModule {
    return {
      module: PublicationsModule,
      imports: [TypeOrmModule.forFeature([PublicationEntity, ReferenceCounterEntity])],
      controllers: [PublicationsMessageController],
      providers: [{ provide: PUBLICATIONS_OPTIONS, useValue: options }, PublicationsService, PublicationsRepository],
    };
  }
}
