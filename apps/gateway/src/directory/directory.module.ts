import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CharterGateInterceptor } from './charter-gate.interceptor';
import { CharterHttpController } from './charter.http.controller';
import { DirectoryHttpController } from './directory.http.controller';

@Module({
  controllers: [DirectoryHttpController, CharterHttpController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: CharterGateInterceptor }],
})
export class DirectoryModule {}
