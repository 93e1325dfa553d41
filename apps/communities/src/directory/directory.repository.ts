import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { Actor, AgentSnapshot, DirectoryEvents, DirectoryImport, EventContract, Person, Unit, UnitView } from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { KnownIds, References } from './import-plan';

/** Everything of an account that an import can change: a difference here deserves an event. */
export interface AgentState {
  snapshot: AgentSnapshot;
  givenName: string;
  familyName: string;
  email: string | null;
  languages: string[];
  roles: string[];
  charterAccepted: boolean;
}

/** The rows behind a principal, read in one statement (the gateway asks on every request). */
export interface PrincipalRow {
  id: string;
  login: string;
  kind: 'agent' | 'partner';
  givenName: string;
  familyName: string;
  organisationId: string | null;
  charterAccepted: boolean;
  charterVersion: number | null;
  charterVersionAccepted: number | null;
  roles: string[];
  active: boolean;
  ministries: string[];
  units: string[];
  headOf: string[];
  supervisedUnits: string[];
  communities: string[];
  topics: string[];
}

export interface AccountRow {
  id: string;
  login: string;
  kind: 'agent' | 'partner';
  active: boolean;
}

@Injectable()
export class DirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly outbox: Outbox) {}

  /** Runs `work` in one transaction; its writes and events commit together or not at all. */
  transaction<T>(work: (tx: DirectoryWriter) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new DirectoryWriter(manager, this.outbox)));
  }

  async accountByLogin(login: string): Promise<AccountRow | undefined> {
    const rows: AccountRow[] = await this.dataSource.query(
      `SELECT id, login, kind, active FROM communities.agent WHERE login = $1`,
      [login],
    );
    return rows[0];
  }

  async principalRow(agentId: string): Promise<PrincipalRow | undefined> {
    const rows: PrincipalRow[] = await this.dataSource.query(
      `WITH RECURSIVE
         membership AS (SELECT unit_id, role FROM communities.unit_membership WHERE agent_id = $1),
         ancestor AS (
           SELECT u.id, u.parent_id FROM communities.unit u JOIN membership m ON m.unit_id = u.id
           UNION
           SELECT p.id, p.parent_id FROM communities.unit p JOIN ancestor a ON p.id = a.parent_id
         ),
         supervised AS (
           SELECT c.id FROM communities.unit c JOIN membership m ON c.parent_id = m.unit_id AND m.role = 'head'
           UNION
           SELECT c.id FROM communities.unit c JOIN supervised s ON c.parent_id = s.id
         )
       SELECT a.id, a.login, a.kind, a.given_name AS "givenName", a.family_name AS "familyName",
              a.organisation_id AS "organisationId",
              COALESCE(a.charter_version_accepted >= c.version, false) AS "charterAccepted",
              c.version AS "charterVersion", a.charter_version_accepted AS "charterVersionAccepted",
              a.roles, a.active,
              ARRAY(SELECT id FROM ancestor WHERE parent_id IS NULL ORDER BY id) AS ministries,
              ARRAY(SELECT unit_id FROM membership ORDER BY unit_id) AS units,
              ARRAY(SELECT unit_id FROM membership WHERE role = 'head' ORDER BY unit_id) AS "headOf",
              ARRAY(SELECT id FROM supervised ORDER BY id) AS "supervisedUnits",
              ARRAY(SELECT community_id FROM communities.community_member WHERE agent_id = a.id ORDER BY community_id) AS communities,
              ARRAY(SELECT topic_id FROM communities.interest WHERE agent_id = a.id AND topic_id IS NOT NULL ORDER BY topic_id) AS topics
         FROM communities.agent a
              LEFT JOIN LATERAL (SELECT max(version) AS version FROM communities.charter) c ON true
        WHERE a.id = $1`,
      [agentId],
    );
    return rows[0];
  }

  /** Units with their ministry (root ancestor) and heads; those of one ministry if asked. */
  unitViews(ministryId?: string): Promise<UnitView[]> {
    return unitViews(this.dataSource.manager, ministryId);
  }

  async person(id: string): Promise<Person | undefined> {
    const rows: Person[] = await this.dataSource.query(`SELECT ${personColumns} FROM communities.agent a WHERE a.id = $1`, [id]);
    return rows[0];
  }

  /**
   * Active people whose names, title or unit names hold every word (accent- and case-folded; words of
   * four letters or more also match at trigram word similarity, forgiving a typo), in directory order.
   */
  async searchPeople(q: PeopleQuery): Promise<{ person: Person; key: PersonKey }[]> {
    const rows: (Person & { k1: string; k2: string })[] = await this.dataSource.query(
      `WITH q AS (SELECT ARRAY(SELECT communities.fold(w) FROM unnest($1::text[]) AS w) AS words)
       SELECT ${personColumns}, lower(a.family_name) AS k1, lower(a.given_name) AS k2
         FROM communities.agent a, q
        WHERE a.active
          AND (NOT $2::boolean OR (a.kind = 'agent' AND a.visible_to_partners))
          AND ($3::text IS NULL OR (lower(a.family_name), lower(a.given_name), a.id::text) > ($3::text, $4::text, $5::text))
          AND NOT EXISTS (
            SELECT 1 FROM unnest(q.words) AS w
             WHERE NOT (
               communities.fold(a.given_name || ' ' || a.family_name || ' ' || a.title) LIKE '%' || w || '%'
               OR (length(w) >= 4 AND w OPERATOR(public.<%) communities.fold(a.given_name || ' ' || a.family_name || ' ' || a.title))
               OR EXISTS (SELECT 1 FROM communities.unit_membership m JOIN communities.unit u ON u.id = m.unit_id
                           WHERE m.agent_id = a.id
                             AND (communities.fold(u.name) LIKE '%' || w || '%'
                                  OR (length(w) >= 4 AND w OPERATOR(public.<%) communities.fold(u.name))))))
        ORDER BY lower(a.family_name), lower(a.given_name), a.id::text
        LIMIT $6`,
      [q.words, q.partnersOnly, q.after?.[0] ?? null, q.after?.[1] ?? null, q.after?.[2] ?? null, q.limit],
    );
    return rows.map(({ k1, k2, ...person }) => ({ person, key: [k1, k2, person.id] }));
  }

  /** Sets an account's `active` flag; the replicas hear of it in the same transaction. False if the account does not exist. */
  async setActive(agentId: string, active: boolean, actor: Actor): Promise<boolean> {
    return this.transaction(async (tx) => {
      const before = (await tx.agentStates([], [], [agentId])).get(agentId);
      if (!before) return false;
      if (before.snapshot.active === active) return true;
      await tx.setActive(agentId, active);
      const after = (await tx.agentStates([], [], [agentId])).get(agentId);
      if (after) await tx.emit(DirectoryEvents.agentChanged, after.snapshot, actor);
      return true;
    });
  }

  async setVisibleToPartners(id: string, visible: boolean): Promise<void> {
    await this.dataSource.query(`UPDATE communities.agent SET visible_to_partners = $2, updated_at = now() WHERE id = $1`, [id, visible]);
  }
}

/** The directory's order: family name, given name, id. */
export type PersonKey = [string, string, string];
export interface PeopleQuery {
  /** Words without LIKE wildcards. */
  words: string[];
  partnersOnly: boolean;
  after?: PersonKey;
  limit: number;
}

const personColumns = `a.id, a.login, a.kind, a.given_name || ' ' || a.family_name AS "displayName",
  a.given_name AS "givenName", a.family_name AS "familyName", a.title, a.languages,
  COALESCE((SELECT json_agg(json_build_object('unitId', m.unit_id, 'role', m.role) ORDER BY m.unit_id)
              FROM communities.unit_membership m WHERE m.agent_id = a.id), '[]') AS units,
  a.organisation_id AS "organisationId", a.active, a.visible_to_partners AS "visibleToPartners"`;

/** The import's writes and reads inside its transaction. */
export class DirectoryWriter {
  constructor(private readonly manager: EntityManager, private readonly outbox: Outbox) {}

  async setActive(agentId: string, active: boolean): Promise<void> {
    await this.manager.query(`UPDATE communities.agent SET active = $2, updated_at = now() WHERE id = $1`, [agentId, active]);
  }

  /** Imports run one at a time: each computes its changes against the state the previous one left. */
  async lockImports(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('communities.directory.import'))`);
  }

  async existing(refs: References): Promise<KnownIds> {
    const [row] = await this.manager.query(
      `SELECT ARRAY(SELECT id FROM communities.unit WHERE id = ANY($1::text[])) AS units,
              ARRAY(SELECT id FROM communities.organisation WHERE id = ANY($2::text[])) AS organisations,
              ARRAY(SELECT login FROM communities.agent WHERE login = ANY($3::text[])) AS logins,
              ARRAY(SELECT id FROM communities.topic WHERE id = ANY($4::text[])) AS topics,
              ARRAY(SELECT id FROM communities.community WHERE id = ANY($5::text[])) AS communities`,
      [refs.units, refs.organisations, refs.logins, refs.topics, refs.communities],
    );
    const known = row as { [K in keyof KnownIds]: string[] };
    return {
      units: new Set(known.units),
      organisations: new Set(known.organisations),
      logins: new Set(known.logins),
      topics: new Set(known.topics),
      communities: new Set(known.communities),
    };
  }

  /** Upserts the payload; rows that would not change are not touched. `units` come parents-first. */
  async write(data: DirectoryImport, units: Unit[]): Promise<void> {
    const q = (sql: string, rows: unknown[]) => (rows.length ? this.manager.query(sql, [JSON.stringify(rows)]) : Promise.resolve());
    await q(
      `INSERT INTO communities.unit AS t (id, name, kind, parent_id, country)
       SELECT x.id, x.name, x.kind, x.parent_id, x.country
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id text, name text, kind text, parent_id text, country text))
              WITH ORDINALITY AS x(id, name, kind, parent_id, country, n)
        ORDER BY x.n
       ON CONFLICT (id) DO UPDATE
          SET name = EXCLUDED.name, kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id, country = EXCLUDED.country, updated_at = now()
        WHERE (t.name, t.kind, t.parent_id, t.country) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.parent_id, EXCLUDED.country)`,
      units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parent_id: u.parentId, country: u.country })),
    );
    await q(
      `INSERT INTO communities.organisation AS t (id, name, kind)
       SELECT x.id, x.name, x.kind FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, kind text)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, updated_at = now()
        WHERE (t.name, t.kind) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind)`,
      data.organisations,
    );
    await q(
      `INSERT INTO communities.topic AS t (id, label, synonyms)
       SELECT x.id, x.label, x.synonyms FROM jsonb_to_recordset($1::jsonb) AS x(id text, label text, synonyms text[])
       ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, synonyms = EXCLUDED.synonyms
        WHERE (t.label, t.synonyms) IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.synonyms)`,
      data.topics,
    );
    await this.writeAgents(data);
    await q(
      `INSERT INTO communities.community AS t (id, name, description, kind, partners_allowed, topics)
       SELECT x.id, x.name, x.description, x.kind, x.partners_allowed, x.topics
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, description text, kind text, partners_allowed boolean, topics text[])
       ON CONFLICT (id) DO UPDATE
          SET name = EXCLUDED.name, description = EXCLUDED.description, kind = EXCLUDED.kind,
              partners_allowed = EXCLUDED.partners_allowed, topics = EXCLUDED.topics, updated_at = now()
        WHERE (t.name, t.description, t.kind, t.partners_allowed, t.topics)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.kind, EXCLUDED.partners_allowed, EXCLUDED.topics)`,
      data.communities.map((c) => ({ id: c.id, name: c.name, description: c.description, kind: c.kind, partners_allowed: c.partnersAllowed, topics: c.topics })),
    );
    await this.replaceCommunityMembers(data);
    await this.replaceInterests(data);
  }

  private async writeAgents(data: DirectoryImport): Promise<void> {
    if (data.agents.length === 0) return;
    const agents = data.agents.map((a) => ({
      id: uuidv7(),
      login: a.login,
      kind: a.kind,
      given_name: a.givenName,
      family_name: a.familyName,
      title: a.title,
      email: a.email ?? null,
      languages: a.languages,
      organisation_id: a.organisationId,
      charter_accepted: a.charterAccepted,
      roles: a.roles,
      active: a.active,
    }));
    // The id is only used for a new login: an existing account keeps the one it was given.
    await this.manager.query(
      `INSERT INTO communities.agent AS t (id, login, kind, given_name, family_name, title, email, languages, organisation_id, charter_accepted_at,
              charter_version_accepted, roles, active)
       SELECT x.id, x.login, x.kind, x.given_name, x.family_name, x.title, x.email, x.languages, x.organisation_id,
              CASE WHEN x.charter_accepted THEN now() END,
              CASE WHEN x.charter_accepted THEN (SELECT max(version) FROM communities.charter) END, x.roles, x.active
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, login text, kind text, given_name text, family_name text, title text,
              email text, languages text[], organisation_id text, charter_accepted boolean, roles text[], active boolean)
       ON CONFLICT (login) DO UPDATE
          SET kind = EXCLUDED.kind, given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, title = EXCLUDED.title,
              email = EXCLUDED.email, languages = EXCLUDED.languages, organisation_id = EXCLUDED.organisation_id,
              charter_accepted_at = CASE WHEN EXCLUDED.charter_accepted_at IS NULL THEN NULL
                                         ELSE COALESCE(t.charter_accepted_at, EXCLUDED.charter_accepted_at) END,
              -- An export saying "accepted" records the version current at the first such import; later versions are accepted in the app.
              charter_version_accepted = CASE WHEN EXCLUDED.charter_accepted_at IS NULL THEN NULL
                                              ELSE COALESCE(t.charter_version_accepted, EXCLUDED.charter_version_accepted) END,
              roles = EXCLUDED.roles, active = EXCLUDED.active, updated_at = now()
        WHERE (t.kind, t.given_name, t.family_name, t.title, t.email, t.languages, t.organisation_id,
               t.charter_accepted_at IS NOT NULL, t.roles, t.active)
              IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.given_name, EXCLUDED.family_name, EXCLUDED.title, EXCLUDED.email,
               EXCLUDED.languages, EXCLUDED.organisation_id, EXCLUDED.charter_accepted_at IS NOT NULL, EXCLUDED.roles, EXCLUDED.active)`,
      [JSON.stringify(agents)],
    );
    // An imported agent's units are the export's: memberships it no longer lists are removed.
    const memberships = data.agents.flatMap((a) => a.units.map((m) => ({ login: a.login, unit_id: m.unitId, role: m.role })));
    const logins = data.agents.map((a) => a.login);
    await this.manager.query(
      `DELETE FROM communities.unit_membership m
        USING communities.agent a
        WHERE m.agent_id = a.id AND a.login = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS x(login text, unit_id text)
                           WHERE x.login = a.login AND x.unit_id = m.unit_id)`,
      [logins, JSON.stringify(memberships)],
    );
    if (memberships.length === 0) return;
    await this.manager.query(
      `INSERT INTO communities.unit_membership AS t (agent_id, unit_id, role)
       SELECT a.id, x.unit_id, x.role
         FROM jsonb_to_recordset($1::jsonb) AS x(login text, unit_id text, role text)
         JOIN communities.agent a ON a.login = x.login
       ON CONFLICT (agent_id, unit_id) DO UPDATE SET role = EXCLUDED.role WHERE t.role <> EXCLUDED.role`,
      [JSON.stringify(memberships)],
    );
  }

  private async replaceCommunityMembers(data: DirectoryImport): Promise<void> {
    if (data.communities.length === 0) return;
    const members = data.communities.flatMap((c) => c.members.map((m) => ({ community_id: c.id, login: m.login, role: m.role })));
    await this.manager.query(
      `DELETE FROM communities.community_member m
        WHERE m.community_id = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS x(community_id text, login text)
                            JOIN communities.agent a ON a.login = x.login
                           WHERE x.community_id = m.community_id AND a.id = m.agent_id)`,
      [data.communities.map((c) => c.id), JSON.stringify(members)],
    );
    if (members.length === 0) return;
    await this.manager.query(
      `INSERT INTO communities.community_member AS t (community_id, agent_id, role)
       SELECT x.community_id, a.id, x.role
         FROM jsonb_to_recordset($1::jsonb) AS x(community_id text, login text, role text)
         JOIN communities.agent a ON a.login = x.login
       ON CONFLICT (community_id, agent_id) DO UPDATE SET role = EXCLUDED.role WHERE t.role <> EXCLUDED.role`,
      [JSON.stringify(members)],
    );
  }

  private async replaceInterests(data: DirectoryImport): Promise<void> {
    if (data.interests.length === 0) return;
    const rows = data.interests.flatMap((i) => [
      ...i.topics.map((topic) => ({ login: i.login, topic_id: topic, community_id: null })),
      ...i.communities.map((community) => ({ login: i.login, topic_id: null, community_id: community })),
    ]);
    await this.manager.query(
      `DELETE FROM communities.interest i
        USING communities.agent a
        WHERE i.agent_id = a.id AND a.login = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS x(login text, topic_id text, community_id text)
                           WHERE x.login = a.login
                             AND x.topic_id IS NOT DISTINCT FROM i.topic_id AND x.community_id IS NOT DISTINCT FROM i.community_id)`,
      [data.interests.map((i) => i.login), JSON.stringify(rows)],
    );
    const insert = (column: 'topic_id' | 'community_id') =>
      this.manager.query(
        `INSERT INTO communities.interest (agent_id, ${column})
         SELECT a.id, x.${column}
           FROM jsonb_to_recordset($1::jsonb) AS x(login text, ${column} text)
           JOIN communities.agent a ON a.login = x.login
         ON CONFLICT (agent_id, ${column}) WHERE ${column} IS NOT NULL DO NOTHING`,
        [JSON.stringify(rows.filter((r) => r[column] !== null))],
      );
    await insert('topic_id');
    await insert('community_id');
  }

  /** Units among `ids` whose chain of parents loops (possible when a payload moves a stored unit). */
  async unitsInLoops(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.manager.query(
      `WITH RECURSIVE up AS (
         SELECT id AS start, parent_id, ARRAY[id] AS path, false AS looped FROM communities.unit WHERE id = ANY($1::text[])
         UNION ALL
         SELECT up.start, u.parent_id, up.path || u.id, u.id = ANY(up.path)
           FROM communities.unit u JOIN up ON u.id = up.parent_id
          WHERE NOT up.looped
       )
       SELECT DISTINCT start AS id FROM up WHERE looped ORDER BY 1`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  async unitStates(): Promise<Map<string, UnitView>> {
    return new Map((await unitViews(this.manager)).map((u) => [u.id, u]));
  }

  /** States of the accounts an import may touch: those it names, current members of its communities, and `ids`. */
  async agentStates(logins: string[], communityIds: string[], ids: string[] = []): Promise<Map<string, AgentState>> {
    const rows: (AgentState['snapshot'] & Omit<AgentState, 'snapshot'>)[] = await this.manager.query(
      `SELECT a.id, a.login, a.kind, a.given_name || ' ' || a.family_name AS "displayName", a.active,
              COALESCE((SELECT json_agg(json_build_object('unitId', m.unit_id, 'role', m.role) ORDER BY m.unit_id)
                          FROM communities.unit_membership m WHERE m.agent_id = a.id), '[]') AS units,
              ARRAY(SELECT community_id FROM communities.community_member WHERE agent_id = a.id ORDER BY community_id) AS communities,
              ARRAY(SELECT topic_id FROM communities.interest WHERE agent_id = a.id AND topic_id IS NOT NULL ORDER BY topic_id) AS topics,
              a.organisation_id AS "organisationId", a.title,
              ARRAY(SELECT community_id FROM communities.interest WHERE agent_id = a.id AND community_id IS NOT NULL ORDER BY community_id) AS "followedCommunities",
              a.given_name AS "givenName", a.family_name AS "familyName", a.email, a.languages, a.roles,
              a.charter_accepted_at IS NOT NULL AS "charterAccepted"
         FROM communities.agent a
        WHERE a.login = ANY($1::text[])
           OR a.id IN (SELECT agent_id FROM communities.community_member WHERE community_id = ANY($2::text[]))
           OR a.id = ANY($3::uuid[])`,
      [logins, communityIds, ids],
    );
    return new Map(
      rows.map(({ givenName, familyName, email, languages, roles, charterAccepted, ...snapshot }) => [
        snapshot.id,
        { snapshot, givenName, familyName, email, languages, roles, charterAccepted },
      ]),
    );
  }

  emit<C extends EventContract>(contract: C, data: z.input<C['data']>, actor: Actor): Promise<unknown> {
    return this.outbox.enqueue(this.manager, contract, data, actor);
  }
}

async function unitViews(manager: EntityManager, ministryId?: string): Promise<UnitView[]> {
  return manager.query(
    `WITH RECURSIVE tree AS (
       SELECT id, id AS ministry_id FROM communities.unit WHERE parent_id IS NULL AND ($1::text IS NULL OR id = $1)
       UNION ALL
       SELECT u.id, t.ministry_id FROM communities.unit u JOIN tree t ON u.parent_id = t.id
     )
     SELECT u.id, u.name, u.kind, u.parent_id AS "parentId", u.country, t.ministry_id AS "ministryId",
            ARRAY(SELECT m.agent_id::text FROM communities.unit_membership m
                   WHERE m.unit_id = u.id AND m.role = 'head' ORDER BY m.agent_id) AS heads
       FROM tree t JOIN communities.unit u ON u.id = t.id`,
    [ministryId ?? null],
  );
}
