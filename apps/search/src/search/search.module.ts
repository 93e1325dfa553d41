import { Module } from '@nestjs/common';
import { PostgresSearchBackend } from './postgres/postgres-search.backend';
import { PublicationEventsConsumer } from './publication-events.consumer';
import { SearchBackend } from './search-backend';
import { SearchMessageController } from './search.message.controller';
import { SearchService } from './search.service';

@Module({
  controllers: [SearchMessageController],
  // PostgreSQL full text is the embedded default; the OpenSearch adapter will be chosen here from the environment.
  providers: [SearchService, PublicationEventsConsumer, { provide: SearchBackend, useClass: PostgresSearchBackend }],
  exports: [SearchBackend],
})
export class SearchModule {}
