import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CircuitEntity } from './circuit.entity';
import { ParapheurMessageController } from './parapheur.message.controller';
import { ParapheurRepository } from './parapheur.repository';
import { ParapheurService } from './parapheur.service';

@Module({
  imports: [TypeOrmModule.forFeature([CircuitEntity])],
  controllers: [ParapheurMessageController],
  providers: [ParapheurService, ParapheurRepository],
})
export class ParapheurModule {}
