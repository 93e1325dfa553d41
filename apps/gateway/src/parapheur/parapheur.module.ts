import { Module } from '@nestjs/common';
import { ParapheurHttpController, SignaturesHttpController } from './parapheur.http.controller';

@Module({ controllers: [ParapheurHttpController, SignaturesHttpController] })
export class ParapheurModule {}
