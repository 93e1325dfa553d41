import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, PublicationEvents, PublicationUpdated, PublicationWithdrawn, PublishedPublication } from '@diplomatie/contracts';
import { OnEvent } from '@diplomatie/messaging';
import { SearchService } from './search.service';

/** Keeps the index in step with the publications service's events. */
@Injectable()
export class PublicationEventsConsumer {
  constructor(private readonly search: SearchService) {}

  @OnEvent(PublicationEvents.published)
  published(data: PublishedPublication, event: EventEnvelope<PublishedPublication>, manager: EntityManager) {
    return this.search.indexPublished(data, event.occurredAt, { manager });
  }

  @OnEvent(PublicationEvents.updated)
  updated(data: PublicationUpdated, event: EventEnvelope<PublicationUpdated>, manager: EntityManager) {
    return this.search.indexPublished(data, event.occurredAt, { manager });
  }

  @OnEvent(PublicationEvents.withdrawn)
  withdrawn(data: PublicationWithdrawn, _event: EventEnvelope<PublicationWithdrawn>, manager: EntityManager) {
    return this.search.removeWithdrawn(data, { manager });
  }
}
