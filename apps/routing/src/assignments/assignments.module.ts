import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../clock';
import { AssignmentsMessageController } from './assignments.message.controller';
import { AssignmentsRepository } from './assignments.repository';
import { AssignmentsService } from './assignments.service';

@Module({})
export class AssignmentsModule {
  static register(clock: Clock): DynamicModule {
    return {
      module: AssignmentsModule,
      controllers: [AssignmentsMessageController],
      providers: [{ provide: Clock, useValue: clock }, AssignmentsService, AssignmentsRepository],
    };
  }
}
