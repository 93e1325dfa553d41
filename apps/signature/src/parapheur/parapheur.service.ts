import { Injectable } from '@nestjs/common';
import { ParapheurRepository } from './parapheur.repository';

/** The parapheur's rules (circuits, steps, signatures) grow here; see issue "The parapheur". */
@Injectable()
export class ParapheurService {
  constructor(private readonly repository: ParapheurRepository) {}

  async status(): Promise<{ circuits: number }> {
    return { circuits: await this.repository.count() };
  }
}
