import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Actor, AgentSnapshot, CommunityMember, CommunityView, CreateCommunity, EventContract } from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { DirectoryWriter } from '../directory/directory.repository';

export type CommunityViewRow = z.infer<typeof CommunityView>;

/** Which communities a caller may list: everything, or a member's view (partners: only those admitting them). */
export type CommunityFilter = { kind: 'all' } | { kind: 'member'; agentId: string; partnersOnly: boolean } | { kind: 'none' };

export type CommunityRow = CommunityViewRow & { archived: boolean; createdAt: string };
export type Role = 'owner' | 'moderator' | 'member';
/** Where an account stands in a community, as stored. */
export type Standing = Role | 'invited' | 'requested' | 'none';
/** The members' order: owner, moderators, members; then by name. The cursor is the last row's key. */
export type MemberKey = [number, string, string];
export interface AccountRow {
  id: string;
  kind: 'agent' | 'partner';
  active: boolean;
}

const communityColumns = `c.id, c.name, c.description, c.kind, c.partners_allowed AS "partnersAllowed", c.topics,
  (SELECT count(*) FROM communities.community_member m WHERE m.community_id = c.id)::int AS "memberCount",
  c.archived_at IS NOT NULL AS archived, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

@Injectable()
export class CommunityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly outbox: Outbox) {}

  /** Runs `work` in one transaction; its writes and events commit together or not at all. */
  transaction<T>(work: (tx: CommunityWriter) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new CommunityWriter(manager, this.outbox)));
  }

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

  find(id: string): Promise<CommunityRow | undefined> {
    return findCommunity(this.dataSource.manager, id, false);
  }

  standing(communityId: string, agentId: string): Promise<Standing> {
    return standingOf(this.dataSource.manager, communityId, agentId);
  }

  /** One page of members after `after` (exclusive), in the members' order. */
  async members(communityId: string, limit: number, after: MemberKey | undefined): Promise<{ member: CommunityMember; key: MemberKey }[]> {
    const rows: (CommunityMember & { rank: number; sortName: string })[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT m.agent_id AS "agentId", a.given_name || ' ' || a.family_name AS "displayName", a.kind, m.role,
                to_char(m.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "joinedAt",
                CASE m.role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END AS rank,
                lower(a.family_name || ' ' || a.given_name) AS "sortName"
           FROM communities.community_member m JOIN communities.agent a ON a.id = m.agent_id
          WHERE m.community_id = $1) x
        WHERE $2::int IS NULL OR (x.rank, x."sortName", x."agentId"::text) > ($2::int, $3::text, $4::text)
        ORDER BY x.rank, x."sortName", x."agentId"::text
        LIMIT $5`,
      [communityId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit],
    );
    return rows.map(({ rank, sortName, ...member }) => ({ member, key: [rank, sortName, member.agentId] }));
  }
}

/** A membership change's reads and writes inside its transaction. */
export class CommunityWriter {
  constructor(private readonly manager: EntityManager, private readonly outbox: Outbox) {}

  /** The community, locked: concurrent changes to one community's membership happen one after another. */
  lockedCommunity(id: string): Promise<CommunityRow | undefined> {
    return findCommunity(this.manager, id, true);
  }

  standing(communityId: string, agentId: string): Promise<Standing> {
    return standingOf(this.manager, communityId, agentId);
  }

  async account(agentId: string): Promise<AccountRow | undefined> {
    const rows: AccountRow[] = await this.manager.query(`SELECT id, kind, active FROM communities.agent WHERE id = $1`, [agentId]);
    return rows[0];
  }

  /** Inserts the community; false if the id is taken. */
  async insert(data: CreateCommunity, ownerId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO communities.community (id, name, description, kind, partners_allowed, topics, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [data.id, data.name, data.description, data.kind, data.partnersAllowed, data.topics, ownerId],
    );
    return rows.length === 1;
  }

  async unknownTopics(topics: string[]): Promise<string[]> {
    if (topics.length === 0) return [];
    const rows: { id: string }[] = await this.manager.query(
      `SELECT t AS id FROM unnest($1::text[]) AS t WHERE NOT EXISTS (SELECT 1 FROM communities.topic WHERE id = t)`,
      [topics],
    );
    return rows.map((r) => r.id);
  }

  async addMember(communityId: string, agentId: string, role: Role): Promise<void> {
    await this.manager.query(
      `INSERT INTO communities.community_member (community_id, agent_id, role) VALUES ($1, $2, $3)`,
      [communityId, agentId, role],
    );
    await this.manager.query(`DELETE FROM communities.community_request WHERE community_id = $1 AND agent_id = $2`, [communityId, agentId]);
  }

  async removeMember(communityId: string, agentId: string): Promise<void> {
    await this.manager.query(`DELETE FROM communities.community_member WHERE community_id = $1 AND agent_id = $2`, [communityId, agentId]);
  }

  async setRole(communityId: string, agentId: string, role: Role): Promise<void> {
    await this.manager.query(`UPDATE communities.community_member SET role = $3 WHERE community_id = $1 AND agent_id = $2`, [communityId, agentId, role]);
  }

  async addRequest(communityId: string, agentId: string, kind: 'join_request' | 'invitation', invitedBy: string | null): Promise<void> {
    await this.manager.query(
      `INSERT INTO communities.community_request (community_id, agent_id, kind, invited_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [communityId, agentId, kind, invitedBy],
    );
  }

  async deleteRequests(communityId: string, agentId: string): Promise<void> {
    await this.manager.query(`DELETE FROM communities.community_request WHERE community_id = $1 AND agent_id = $2`, [communityId, agentId]);
  }

  joinRequests(communityId: string): Promise<{ agentId: string; displayName: string; kind: 'agent' | 'partner'; requestedAt: string }[]> {
    return this.manager.query(
      `SELECT r.agent_id AS "agentId", a.given_name || ' ' || a.family_name AS "displayName", a.kind,
              to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "requestedAt"
         FROM communities.community_request r JOIN communities.agent a ON a.id = r.agent_id
        WHERE r.community_id = $1 AND r.kind = 'join_request'
        ORDER BY r.created_at, r.agent_id`,
      [communityId],
    );
  }

  /** Archiving freezes the membership: pending requests and invitations lapse. */
  async archive(communityId: string): Promise<void> {
    await this.manager.query(`UPDATE communities.community SET archived_at = now(), updated_at = now() WHERE id = $1`, [communityId]);
    await this.manager.query(`DELETE FROM communities.community_request WHERE community_id = $1`, [communityId]);
  }

  /** The replica snapshot of an account, as `directory.agent_changed.v1` carries it. */
  async snapshot(agentId: string): Promise<AgentSnapshot> {
    const states = await new DirectoryWriter(this.manager, this.outbox).agentStates([], [], [agentId]);
    const state = states.get(agentId);
    if (!state) throw new Error(`account ${agentId} vanished inside its own transaction`);
    return state.snapshot;
  }

  emit<C extends EventContract>(contract: C, data: z.input<C['data']>, actor: Actor): Promise<unknown> {
    return this.outbox.enqueue(this.manager, contract, data, actor);
  }
}

async function findCommunity(manager: EntityManager, id: string, lock: boolean): Promise<CommunityRow | undefined> {
  if (lock) await manager.query(`SELECT 1 FROM communities.community WHERE id = $1 FOR UPDATE`, [id]);
  const rows: CommunityRow[] = await manager.query(`SELECT ${communityColumns} FROM communities.community c WHERE c.id = $1`, [id]);
  return rows[0];
}

async function standingOf(manager: EntityManager, communityId: string, agentId: string): Promise<Standing> {
  const [row]: { standing: Standing }[] = await manager.query(
    `SELECT COALESCE(
       (SELECT role FROM communities.community_member WHERE community_id = $1 AND agent_id = $2),
       (SELECT CASE kind WHEN 'invitation' THEN 'invited' ELSE 'requested' END FROM communities.community_request
         WHERE community_id = $1 AND agent_id = $2 ORDER BY kind LIMIT 1),
       'none') AS standing`,
    [communityId, agentId],
  );
  return row.standing;
}
