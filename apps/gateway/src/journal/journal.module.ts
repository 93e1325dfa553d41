import { Module } from '@nestjs/common';
import { JournalHttpController } from './journal.http.controller';

@Module({ controllers: [JournalHttpController] })
export class JournalModule {}
