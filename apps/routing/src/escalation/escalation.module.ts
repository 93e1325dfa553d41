import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../clock';
import { EscalationRepository } from './escalation.repository';
import { ESCALATION_OPTIONS, EscalationOptions, EscalationService } from './escalation.service';

@Module({})
export class EscalationModule {
  static register(clock: Clock, options: EscalationOptions): DynamicModule {
    return {
      module: EscalationModule,
      providers: [{ provide: Clock, useValue: clock }, { provide: ESCALATION_OPTIONS, useValue: options }, EscalationRepository, EscalationService],
    };
  }
}
