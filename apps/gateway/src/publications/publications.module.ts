import { Module } from '@nestjs/common';
import { PublicationSocialHttpController } from './publication-social.http.controller';
import { PublicationsHttpController } from './publications.http.controller';

@Module({ controllers: [PublicationsHttpController, PublicationSocialHttpController] })
export class PublicationsModule {}
