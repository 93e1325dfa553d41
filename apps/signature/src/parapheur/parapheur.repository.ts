import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CircuitEntity } from './circuit.entity';

@Injectable()
export class ParapheurRepository {
  constructor(@InjectRepository(CircuitEntity) private readonly circuits: Repository<CircuitEntity>) {}

  count(): Promise<number> {
    return this.circuits.count();
  }
}
