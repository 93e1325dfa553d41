import { Injectable } from '@nestjs/common';
import { AgentSnapshot, DirectoryEvents, EventEnvelope, PublicationEvents, PublishedPublication, UnitView } from '@diplomatie/contracts';
import { OnEvent } from '@diplomatie/messaging';
import { Tx } from './journal.repository';
import { JournalService } from './journal.service';

/** Domain events the journal is built from; each runs in the consumer's transaction, exactly once per event id. */
@Injectable()
export class JournalEventConsumer {
  constructor(private readonly journal: JournalService) {}

  @OnEvent(PublicationEvents.published)
  async published(data: PublishedPublication, _event: EventEnvelope, tx: Tx): Promise<void> {
    await this.journal.recordPublished(tx, data);
  }

  @OnEvent(DirectoryEvents.unitChanged)
  async unitChanged(data: UnitView, event: EventEnvelope, tx: Tx): Promise<void> {
    await this.journal.recordUnit(tx, data, event.occurredAt);
  }

  @OnEvent(DirectoryEvents.agentChanged)
  async agentChanged(data: AgentSnapshot, event: EventEnvelope, tx: Tx): Promise<void> {
    await this.journal.recordAgent(tx, data, event.occurredAt);
  }
}
