import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgentSnapshot, DirectoryEvents, EventEnvelope } from '@diplomatie/contracts';
import { OnEvent } from '@diplomatie/messaging';
import { SocialService } from './social.service';

/** The replica of unit and community memberships that a publication's reach is counted from. */
@Injectable()
export class DirectoryEventConsumer {
  constructor(private readonly social: SocialService) {}

  @OnEvent(DirectoryEvents.agentChanged)
  async agentChanged(data: AgentSnapshot, event: EventEnvelope, manager: EntityManager): Promise<void> {
    await this.social.recordAgent(manager, data, event.occurredAt);
  }
}
