import { Injectable } from '@nestjs/common';
import { assertUnreachable, Principal } from '@diplomatie/contracts';
import { CommunityFilter, CommunityRepository, CommunityViewRow } from './community.repository';

@Injectable()
export class CommunityService {
  constructor(private readonly repository: CommunityRepository) {}

  async list(principal: Principal): Promise<{ items: CommunityViewRow[] }> {
    return { items: await this.repository.list(visibility(principal)) };
  }
}

/** Secret communities exist only for their members; partners see those that admit partners, once they accepted the charter. */
export function visibility(principal: Principal): CommunityFilter {
  switch (principal.kind) {
    case 'service':
      return { kind: 'all' };
    case 'agent':
      return { kind: 'member', agentId: principal.id, partnersOnly: false };
    case 'partner':
      return principal.charterAccepted ? { kind: 'member', agentId: principal.id, partnersOnly: true } : { kind: 'none' };
    default:
      return assertUnreachable(principal);
  }
}
