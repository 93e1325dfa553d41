import { Module } from '@nestjs/common';
import { SearchHttpController } from './search.http.controller';

@Module({ controllers: [SearchHttpController] })
export class SearchModule {}
