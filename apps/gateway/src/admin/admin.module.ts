import { Module } from '@nestjs/common';
import { AdminHttpController } from './admin.http.controller';

@Module({ controllers: [AdminHttpController] })
export class AdminModule {}
