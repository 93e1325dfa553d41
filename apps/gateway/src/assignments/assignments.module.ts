import { Module } from '@nestjs/common';
import { AssignmentsHttpController } from './assignments.http.controller';

@Module({ controllers: [AssignmentsHttpController] })
export class AssignmentsModule {}
