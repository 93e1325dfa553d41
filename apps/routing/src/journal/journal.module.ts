import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../clock';
import { RoutingRulesMessageController } from '../rules/routing-rules.message.controller';
import { RoutingRulesRepository } from '../rules/routing-rules.repository';
import { RoutingRulesService } from '../rules/routing-rules.service';
import { JournalEventConsumer } from './journal.event.consumer';
import { JournalMessageController } from './journal.message.controller';
import { JournalRepository } from './journal.repository';
import { JournalService } from './journal.service';

@Module({})
export class JournalModule {
  static register(clock: Clock): DynamicModule {
    return {
      module: JournalModule,
      // Rules live here with the journal: applying them is part of recording a publication.
      controllers: [JournalMessageController, RoutingRulesMessageController],
      providers: [
        { provide: Clock, useValue: clock }, JournalService, JournalRepository, JournalEventConsumer, RoutingRulesService, RoutingRulesRepository,
      ],
    };
  }
}
