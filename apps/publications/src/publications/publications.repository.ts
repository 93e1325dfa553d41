import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessScope } from '@diplomatie/auth';
import {
  Actor, PublicationEvents, PublicationKind, PublicationStatus, PublicationUpdated, PublicationVersion, PublicationView, PublicationWithdrawn,
  PublishedPublication,
} from '@diplomatie/contracts';
import { Outbox } from '@diplomatie/messaging';
import { accessPredicate, sqlParam } from '@diplomatie/persistence';
import { SCHEMA } from '../database/schema';
import { accessDescriptorOf, Publication } from './publication.domain';
import { PublicationEntity } from './publication.entity';

/** Position in the feed: the sort key of the last item, to full (microsecond) precision. */
export interface FeedPosition {
  at: string;
  id: string;
}

export interface ListQuery {
  authorId?: string;
  kind?: PublicationKind;
  status?: PublicationStatus;
  after?: FeedPosition;
  limit: number;
}

const FEED_KEY = 'coalesce(p.published_at, p.created_at)';

@Injectable()
export class PublicationsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async insert(publication: Publication): Promise<void> {
    await this.dataSource.manager.insert(PublicationEntity, toEntity(publication));
  }

  async findById(id: string): Promise<Publication | null> {
    const row = await this.dataSource.manager.findOneBy(PublicationEntity, { id });
    return row && fromEntity(row);
  }

  /** One page of what `scope` may see, newest first; the access filter runs in SQL. */
  async listVisible(scope: AccessScope, query: ListQuery): Promise<{ items: Publication[]; next: FeedPosition | null }> {
    const params: unknown[] = [];
    const param = sqlParam(params);
    const where = [accessPredicate(scope, 'p', params)];
    if (query.authorId) where.push(`p.author_id = ${param(query.authorId)}::uuid`);
    if (query.kind) where.push(`p.kind = ${param(query.kind)}`);
    if (query.status) where.push(`p.status = ${param(query.status)}`);
    if (query.after) where.push(`(${FEED_KEY}, p.id) < (${param(query.after.at)}::timestamptz, ${param(query.after.id)}::uuid)`);
    const rows: (Record<string, unknown> & { feed_at: string })[] = await this.dataSource.query(
      `SELECT p.*, to_char(${FEED_KEY} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS feed_at
         FROM ${SCHEMA}.publication p
        WHERE ${where.join(' AND ')}
        ORDER BY ${FEED_KEY} DESC, p.id DESC
        LIMIT ${param(query.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next = rows.length > query.limit && last ? { at: last.feed_at, id: String(last['id']) } : null;
    return { items: page.map((row) => fromEntity(this.entityOf(row))), next };
  }

  /** The version history of a publication, oldest first. */
  async versions(id: string): Promise<PublicationVersion[]> {
    const rows: { version: number; edited_by: string; edited_at: Date; changed_fields: string[] }[] = await this.dataSource.query(
      `SELECT version, edited_by, edited_at, changed_fields FROM ${SCHEMA}.publication_version WHERE publication_id = $1 ORDER BY version`,
      [id],
    );
    return rows.map((r) => ({ version: r.version, editedBy: r.edited_by, editedAt: r.edited_at.toISOString(), changedFields: r.changed_fields }));
  }

  /** Runs `work` in one transaction: the state change and its events commit together or not at all. */
  inTransaction<T>(work: (tx: PublicationsTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new PublicationsTransaction(manager, this.outbox)));
  }

  private entityOf(row: Record<string, unknown>): PublicationEntity {
    const columns = this.dataSource.getMetadata(PublicationEntity).columns;
    return Object.assign(new PublicationEntity(), Object.fromEntries(columns.map((c) => [c.propertyName, row[c.databaseName]])));
  }
}

/** What a publishing transaction may do; it holds the transaction's connection. */
export class PublicationsTransaction {
  constructor(
    private readonly manager: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** The publication, locked until commit: two concurrent publishes of one draft queue up here. */
  async findForUpdate(id: string): Promise<Publication | null> {
    const row = await this.manager.findOne(PublicationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return row && fromEntity(row);
  }

  /**
   * The next reference number of a unit for a year. The counter row stays locked until commit,
   * so numbers are unique under concurrency, and a rollback gives its number back (no gap).
   */
  async nextReferenceNumber(emittingUnitId: string, year: number): Promise<number> {
    const rows: { last_value: number }[] = await this.manager.query(
      `INSERT INTO ${SCHEMA}.reference_counter AS c (emitting_unit_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (emitting_unit_id, year) DO UPDATE SET last_value = c.last_value + 1
       RETURNING c.last_value`,
      [emittingUnitId, year],
    );
    return rows[0].last_value;
  }

  async update(publication: Publication): Promise<void> {
    const { id, ...columns } = toEntity(publication);
    await this.manager.update(PublicationEntity, { id }, columns);
  }

  async enqueuePublished(data: PublishedPublication, actor: Actor): Promise<void> {
    await this.outbox.enqueue(this.manager, PublicationEvents.published, data, actor);
  }

  async enqueueUpdated(data: PublicationUpdated, actor: Actor): Promise<void> {
    await this.outbox.enqueue(this.manager, PublicationEvents.updated, data, actor);
  }

  async enqueueWithdrawn(data: PublicationWithdrawn, actor: Actor): Promise<void> {
    await this.outbox.enqueue(this.manager, PublicationEvents.withdrawn, data, actor);
  }

  /** Records a version: who, when, what changed, and the publication as it then read. */
  async insertVersion(view: PublicationView, editedBy: string, at: Date, changedFields: string[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${SCHEMA}.publication_version (publication_id, version, edited_by, edited_at, changed_fields, snapshot) VALUES ($1, $2, $3, $4, $5, $6)`,
      [view.id, view.version, editedBy, at, changedFields, JSON.stringify(view)],
    );
  }
}

/** The row of a publication, with its access columns computed by the same function as the events' descriptor. */
function toEntity(p: Publication): PublicationEntity {
  const access = accessDescriptorOf(p);
  return Object.assign(new PublicationEntity(), p, {
    accessUnits: access.units,
    accessCommunities: access.communities,
    accessAgents: access.agents,
    accessMinistries: access.ministries,
    partners: access.partners,
  });
}

function fromEntity(e: PublicationEntity): Publication {
  return {
    id: e.id,
    reference: e.reference,
    kind: e.kind,
    subject: e.subject,
    summary: e.summary,
    body: e.body,
    priority: e.priority,
    country: e.country,
    topics: e.topics,
    communities: e.communities,
    classification: e.classification,
    forAction: e.forAction,
    forInformation: e.forInformation,
    addressees: e.addressees,
    recipient: e.recipient,
    ourReference: e.ourReference,
    theirReference: e.theirReference,
    signatureRequired: e.signatureRequired,
    emittingUnitId: e.emittingUnitId,
    authorId: e.authorId,
    status: e.status,
    version: e.version,
    openToPartners: e.openToPartners,
    createdAt: e.createdAt,
    publishedAt: e.publishedAt,
    withdrawnAt: e.withdrawnAt,
    withdrawalReason: e.withdrawalReason,
  };
}
