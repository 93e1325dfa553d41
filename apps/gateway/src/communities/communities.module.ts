import { Module } from '@nestjs/common';
import { CommunitiesHttpController } from './communities.http.controller';
import { InterestsHttpController } from './interests.http.controller';

@Module({ controllers: [CommunitiesHttpController, InterestsHttpController] })
export class CommunitiesModule {}
