import { Module } from '@nestjs/common';
import { DirectoryHttpController } from './directory.http.controller';

@Module({ controllers: [DirectoryHttpController] })
export class DirectoryModule {}
