import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommunityView } from '@diplomatie/contracts';
import { z } from 'zod';

export type CommunityViewRow = z.infer<typeof CommunityView>;

/** Which communities a caller may list: everything, or a member's view (partners: only those admitting them). */
export type CommunityFilter = { kind: 'all' } | { kind: 'member'; agentId: string; partnersOnly: boolean } | { kind: 'none' };

@Injectable()
export class CommunityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: CommunityFilter): Promise<CommunityViewRow[]> {
    if (filter.kind === 'none') return [];
    const member = filter.kind === 'member';
    return this.dataSource.query(
      `SELECT c.id, c.name, c.description, c.kind, c.partners_allowed AS "partnersAllowed", c.topics,
              (SELECT count(*) FROM communities.community_member m WHERE m.community_id = c.id)::int AS "memberCount"
         FROM communities.community c
        WHERE NOT $1::boolean
           OR ((c.kind <> 'secret'
                OR EXISTS (SELECT 1 FROM communities.community_member m WHERE m.community_id = c.id AND m.agent_id = $2::uuid))
               AND (NOT $3::boolean OR c.partners_allowed))
        ORDER BY c.name, c.id`,
      [member, member ? filter.agentId : null, member && filter.partnersOnly],
    );
  }
}
