import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AgentSnapshot, CommentView, PublicationCommented, PublicationEvents, PublicationRated } from '@diplomatie/contracts';
import { AccessScope } from '@diplomatie/auth';
import { Outbox } from '@diplomatie/messaging';
import { accessPredicate, sqlParam } from '@diplomatie/persistence';
import { SCHEMA } from '../database/schema';

export interface StoredComment {
  id: string;
  publicationId: string;
  parentId: string | null;
  authorId: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** Position in a discussion: the thread (its first comment's id) and the comment. */
export interface ThreadPosition {
  t: string;
  id: string;
}

export interface AudienceFigures {
  uniqueReaders: number;
  views: number;
  ratingCount: number;
  ratingMean: number | null;
  comments: number;
  firstReadAt: Date | null;
  lastReadAt: Date | null;
}

export interface ReachQuery {
  units: string[];
  communities: string[];
  authorId: string;
  /** Partners count only when the publication is opened to them. */
  partners: boolean;
}

interface CommentRow {
  id: string;
  publication_id: string;
  parent_id: string | null;
  author_id: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

const C = `${SCHEMA}.comment`;

@Injectable()
export class SocialRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Counts an open by a reader: the first one makes them a unique reader. */
  async recordRead(publicationId: string, readerId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${SCHEMA}.reader AS r (publication_id, reader_id, first_read_at, last_read_at, views) VALUES ($1, $2, $3, $3, 1)
       ON CONFLICT (publication_id, reader_id) DO UPDATE SET views = r.views + 1, last_read_at = greatest(r.last_read_at, EXCLUDED.last_read_at)`,
      [publicationId, readerId, at],
    );
  }

  async findComment(publicationId: string, commentId: string, manager: EntityManager = this.dataSource.manager): Promise<StoredComment | null> {
    const rows: CommentRow[] = await manager.query(`SELECT * FROM ${C} WHERE id = $1 AND publication_id = $2`, [commentId, publicationId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /**
   * One page of a discussion: threads oldest first, each followed by its replies. A deleted
   * comment shows only as the placeholder of a thread that still has live replies.
   */
  async listComments(publicationId: string, after: ThreadPosition | undefined, limit: number): Promise<{ items: StoredComment[]; next: ThreadPosition | null }> {
    const params: unknown[] = [publicationId, limit + 1];
    let from = '';
    if (after) {
      params.push(after.t, after.id);
      from = `AND (coalesce(c.parent_id, c.id), c.id) > ($3::uuid, $4::uuid)`;
    }
    const rows: CommentRow[] = await this.dataSource.query(
      `SELECT c.* FROM ${C} c
        WHERE c.publication_id = $1 ${from}
          AND (c.deleted_at IS NULL OR (c.parent_id IS NULL AND EXISTS (SELECT 1 FROM ${C} r WHERE r.parent_id = c.id AND r.deleted_at IS NULL)))
        ORDER BY coalesce(c.parent_id, c.id), c.id
        LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit).map(fromRow);
    const last = page.at(-1);
    return { items: page, next: rows.length > limit && last ? { t: last.parentId ?? last.id, id: last.id } : null };
  }

  async audience(publicationId: string): Promise<AudienceFigures> {
    const rows: {
      unique_readers: number; views: number; rating_count: number; rating_mean: string | null; comments: number;
      first_read_at: Date | null; last_read_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT r.unique_readers, r.views, r.first_read_at, r.last_read_at, s.rating_count, s.rating_mean, c.comments
         FROM (SELECT count(*)::int AS unique_readers, coalesce(sum(views), 0)::int AS views,
                      min(first_read_at) AS first_read_at, max(last_read_at) AS last_read_at
                 FROM ${SCHEMA}.reader WHERE publication_id = $1) r,
              (SELECT count(*)::int AS rating_count, avg(stars)::numeric(4,2)::text AS rating_mean FROM ${SCHEMA}.rating WHERE publication_id = $1) s,
              (SELECT count(*)::int AS comments FROM ${C} WHERE publication_id = $1 AND deleted_at IS NULL) c`,
      [publicationId],
    );
    const row = rows[0];
    return {
      uniqueReaders: row.unique_readers,
      views: row.views,
      ratingCount: row.rating_count,
      ratingMean: row.rating_mean === null ? null : Number(row.rating_mean),
      comments: row.comments,
      firstReadAt: row.first_read_at,
      lastReadAt: row.last_read_at,
    };
  }

  /** How many active accounts a publication was addressed to, from the directory replica. */
  async reach(q: ReachQuery): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.agent_replica a
        WHERE a.active AND a.id::text <> $1 AND (a.kind = 'agent' OR $2::boolean)
          AND (a.units && $3::text[] OR a.communities && $4::text[])`,
      [q.authorId, q.partners, q.units, q.communities],
    );
    return rows[0].n;
  }

  /**
   * Per emitting unit, over the publications published in [from, to) that `scope` may see: how many,
   * their unique readers and their reach (computed as for one publication), ranked by the ratio.
   */
  async audienceByUnit(scope: AccessScope, from: string, to: string, limit: number): Promise<{ emittingUnitId: string; publications: number; uniqueReaders: number; reach: number }[]> {
    const params: unknown[] = [];
    const param = sqlParam(params);
    const visible = accessPredicate(scope, 'p', params);
    const [f, t, l] = [param(from), param(to), param(limit)];
    const rows: { emitting_unit_id: string; publications: number; unique_readers: number; reach: number }[] = await this.dataSource.query(
      `WITH per AS (
         SELECT p.emitting_unit_id,
                (SELECT count(*) FROM ${SCHEMA}.reader r WHERE r.publication_id = p.id) AS readers,
                (SELECT count(*) FROM ${SCHEMA}.agent_replica a
                  WHERE a.active AND a.id::text <> p.author_id::text AND (a.kind = 'agent' OR p.partners)
                    AND (a.units && (p.for_action || p.for_information || p.addressees) OR a.communities && p.communities)) AS reach
           FROM ${SCHEMA}.publication p
          WHERE p.status = 'published' AND p.published_at >= ${f}::timestamptz AND p.published_at < ${t}::timestamptz AND ${visible})
       SELECT emitting_unit_id, count(*)::int AS publications, sum(readers)::int AS unique_readers, sum(reach)::int AS reach
         FROM per GROUP BY emitting_unit_id
        ORDER BY CASE WHEN sum(reach) > 0 THEN sum(readers)::float8 / sum(reach) END DESC NULLS LAST, emitting_unit_id
        LIMIT ${l}`,
      params,
    );
    return rows.map((r) => ({ emittingUnitId: r.emitting_unit_id, publications: r.publications, uniqueReaders: r.unique_readers, reach: r.reach }));
  }

  /** Applies a directory snapshot unless a newer one was applied already. */
  async upsertAgent(manager: EntityManager, agent: AgentSnapshot, changedAt: string): Promise<void> {
    await manager.query(
      `INSERT INTO ${SCHEMA}.agent_replica AS a (id, kind, active, units, communities, changed_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, active = EXCLUDED.active, units = EXCLUDED.units,
         communities = EXCLUDED.communities, changed_at = EXCLUDED.changed_at
       WHERE a.changed_at <= EXCLUDED.changed_at`,
      [agent.id, agent.kind, agent.active, agent.units.map((u) => u.unitId), agent.communities, changedAt],
    );
  }

  inTransaction<T>(work: (tx: SocialTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new SocialTransaction(manager, this.outbox, this)));
  }
}

/** A change to a discussion or a rating, and its event, committed together. */
export class SocialTransaction {
  constructor(
    readonly manager: EntityManager,
    private readonly outbox: Outbox,
    private readonly repository: SocialRepository,
  ) {}

  findComment(publicationId: string, commentId: string): Promise<StoredComment | null> {
    return this.repository.findComment(publicationId, commentId, this.manager);
  }

  async insertComment(c: StoredComment): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${C} (id, publication_id, parent_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.id, c.publicationId, c.parentId, c.authorId, c.body, c.createdAt],
    );
  }

  async updateComment(c: StoredComment): Promise<void> {
    await this.manager.query(`UPDATE ${C} SET body = $2, edited_at = $3, deleted_at = $4 WHERE id = $1`, [c.id, c.body, c.editedAt, c.deletedAt]);
  }

  /** Sets the reader's rating; answers the one it replaces, if any. */
  async upsertRating(publicationId: string, readerId: string, stars: number, at: Date): Promise<number | null> {
    const previous: { stars: number }[] = await this.manager.query(
      `SELECT stars FROM ${SCHEMA}.rating WHERE publication_id = $1 AND reader_id = $2 FOR UPDATE`,
      [publicationId, readerId],
    );
    await this.manager.query(
      `INSERT INTO ${SCHEMA}.rating (publication_id, reader_id, stars, rated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (publication_id, reader_id) DO UPDATE SET stars = EXCLUDED.stars, rated_at = EXCLUDED.rated_at`,
      [publicationId, readerId, stars, at],
    );
    return previous[0]?.stars ?? null;
  }

  async ratings(publicationId: string): Promise<{ count: number; mean: number | null }> {
    const rows: { count: number; mean: string | null }[] = await this.manager.query(
      `SELECT count(*)::int AS count, avg(stars)::numeric(4,2)::text AS mean FROM ${SCHEMA}.rating WHERE publication_id = $1`,
      [publicationId],
    );
    return { count: rows[0].count, mean: rows[0].mean === null ? null : Number(rows[0].mean) };
  }

  async enqueueRated(data: PublicationRated, actor: Actor): Promise<void> {
    await this.outbox.enqueue(this.manager, PublicationEvents.rated, data, actor);
  }

  async enqueueCommented(data: PublicationCommented, actor: Actor): Promise<void> {
    await this.outbox.enqueue(this.manager, PublicationEvents.commented, data, actor);
  }
}

function fromRow(r: CommentRow): StoredComment {
  return {
    id: r.id,
    publicationId: r.publication_id,
    parentId: r.parent_id,
    authorId: r.author_id,
    body: r.body,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
  };
}

export function commentView(c: StoredComment): CommentView {
  return {
    id: c.id,
    publicationId: c.publicationId,
    parentId: c.parentId,
    authorId: c.authorId,
    body: c.body,
    deleted: c.deletedAt !== null,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt?.toISOString() ?? null,
  };
}
