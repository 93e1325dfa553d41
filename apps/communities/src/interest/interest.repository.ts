import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AgentSnapshot, DirectoryEvents, Interests, Topic } from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { Standing } from '../community/community.repository';
import { DirectoryWriter } from '../directory/directory.repository';

export interface CommunityAccessRow {
  id: string;
  kind: 'open' | 'closed' | 'secret';
  partnersAllowed: boolean;
  standing: Standing;
}

@Injectable()
export class InterestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly outbox: Outbox) {}

  transaction<T>(work: (tx: InterestWriter) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new InterestWriter(manager, this.outbox)));
  }

  interests(agentId: string): Promise<Interests> {
    return interestsOf(this.dataSource.manager, agentId);
  }

  topics(): Promise<Topic[]> {
    return this.dataSource.query(`SELECT id, label, synonyms FROM communities.topic ORDER BY id`);
  }
}

/** A change of one account's interests, inside its transaction. */
export class InterestWriter {
  constructor(private readonly manager: EntityManager, private readonly outbox: Outbox) {}

  /** One change at a time per account, so that before/after snapshots describe one change each. */
  async lockAccount(agentId: string): Promise<void> {
    await this.manager.query(`SELECT 1 FROM communities.agent WHERE id = $1 FOR UPDATE`, [agentId]);
  }

  async knownTopics(ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.manager.query(`SELECT id FROM communities.topic WHERE id = ANY($1::text[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** The communities among `ids` that exist, with what deciding their visibility to `agentId` needs. */
  communities(ids: string[], agentId: string): Promise<CommunityAccessRow[]> {
    return this.manager.query(
      `SELECT c.id, c.kind, c.partners_allowed AS "partnersAllowed",
              COALESCE((SELECT role FROM communities.community_member WHERE community_id = c.id AND agent_id = $2),
                       (SELECT CASE kind WHEN 'invitation' THEN 'invited' ELSE 'requested' END FROM communities.community_request
                         WHERE community_id = c.id AND agent_id = $2 ORDER BY kind LIMIT 1),
                       'none') AS standing
         FROM communities.community c WHERE c.id = ANY($1::text[])`,
      [ids, agentId],
    );
  }

  interests(agentId: string): Promise<Interests> {
    return interestsOf(this.manager, agentId);
  }

  async replace(agentId: string, interests: Interests): Promise<void> {
    await this.manager.query(
      `DELETE FROM communities.interest
        WHERE agent_id = $1 AND NOT (COALESCE(topic_id = ANY($2::text[]), false) OR COALESCE(community_id = ANY($3::text[]), false))`,
      [agentId, interests.topics, interests.communities],
    );
    await this.manager.query(
      `INSERT INTO communities.interest (agent_id, topic_id) SELECT $1, t FROM unnest($2::text[]) AS t
       ON CONFLICT (agent_id, topic_id) WHERE topic_id IS NOT NULL DO NOTHING`,
      [agentId, interests.topics],
    );
    await this.manager.query(
      `INSERT INTO communities.interest (agent_id, community_id) SELECT $1, c FROM unnest($2::text[]) AS c
       ON CONFLICT (agent_id, community_id) WHERE community_id IS NOT NULL DO NOTHING`,
      [agentId, interests.communities],
    );
  }

  async snapshot(agentId: string): Promise<AgentSnapshot | undefined> {
    return (await new DirectoryWriter(this.manager, this.outbox).agentStates([], [], [agentId])).get(agentId)?.snapshot;
  }

  async agentChanged(snapshot: AgentSnapshot, actor: Actor): Promise<void> {
    await this.outbox.enqueue(this.manager, DirectoryEvents.agentChanged, snapshot, actor);
  }
}

async function interestsOf(manager: EntityManager, agentId: string): Promise<Interests> {
  const [row]: Interests[] = await manager.query(
    `SELECT ARRAY(SELECT topic_id FROM communities.interest WHERE agent_id = $1 AND topic_id IS NOT NULL ORDER BY topic_id) AS topics,
            ARRAY(SELECT community_id FROM communities.interest WHERE agent_id = $1 AND community_id IS NOT NULL ORDER BY community_id) AS communities`,
    [agentId],
  );
  return row;
}
