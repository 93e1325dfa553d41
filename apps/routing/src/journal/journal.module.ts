import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../clock';
import { JournalEventConsumer } from './journal.event.consumer';
import { JournalMessageController } from './journal.message.controller';
import { JournalRepository } from './journal.repository';
import { JournalService } from './journal.service';

@Module({})
export class JournalModule {
  static register(clock: Clock): DynamicModule {
    return {
      module: JournalModule,
      controllers: [JournalMessageController],
      providers: [{ provide: Clock, useValue: clock }, JournalService, JournalRepository, JournalEventConsumer],
    };
  }
}
