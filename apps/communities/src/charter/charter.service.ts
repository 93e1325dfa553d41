import { Injectable } from '@nestjs/common';
import { AppError, Charter, ErrorCode, Principal } from '@diplomatie/contracts';
import { CharterRepository, CharterRow } from './charter.repository';

/** The partners' security charter: versioned; a partner is served content only once the current version is accepted. */
@Injectable()
export class CharterService {
  constructor(private readonly repository: CharterRepository) {}

  async get(principal: Principal): Promise<Charter> {
    const charter = await this.current();
    const acceptedVersion = principal.kind === 'partner' ? await this.repository.acceptedVersion(principal.id) : null;
    return standing(charter, acceptedVersion);
  }

  async accept(principal: Principal, version: number): Promise<Charter> {
    if (principal.kind !== 'partner') throw new AppError(ErrorCode.Forbidden, 'the charter binds partners; agents and services do not accept it');
    if (!(await this.repository.accept(principal.id, version))) {
      throw new AppError(ErrorCode.Conflict, `version ${version} is not the current version of the charter: read it again (GET /api/v1/charter)`);
    }
    return this.get(principal);
  }

  async publish(principal: Principal, title: string, text: string): Promise<Charter> {
    if (!(principal.kind === 'service' || (principal.kind === 'agent' && principal.roles.includes('admin')))) {
      throw new AppError(ErrorCode.Forbidden, 'only an administrator publishes the charter');
    }
    return standing(await this.repository.publish(title, text, `${principal.kind}:${principal.id}`), null);
  }

  private async current(): Promise<CharterRow> {
    const charter = await this.repository.current();
    if (!charter) throw AppError.notFound('charter');
    return charter;
  }
}

export function standing(charter: CharterRow, acceptedVersion: number | null): Charter {
  return { ...charter, acceptedVersion, accepted: acceptedVersion !== null && acceptedVersion >= charter.version };
}
