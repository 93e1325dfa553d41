import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { accessScope, reachableUnits } from '@diplomatie/auth';
import {
  AgentSnapshot, Assignment, decodeCursor, encodeCursor, InterestItem, Page, Principal, PublishedPublication, RoutingContracts,
  ToHandleItem,
} from '@diplomatie/contracts';
import { Clock } from '../clock';
import { interestReasons, OPEN_STATES, planAssignments } from './assignment.rules';
import { InterestKey, JournalRepository, ToHandleKey, Tx } from './journal.repository';

type ToHandleRequest = z.output<typeof RoutingContracts.toHandle.request>;
type InterestsRequest = z.output<typeof RoutingContracts.interests.request>;

const ToHandleCursor = z.tuple([z.number().int().min(0), z.string().min(1).max(64), z.uuid()]);
const InterestCursor = z.tuple([z.string().min(1).max(64), z.uuid()]);

/** The journal: assignments from published correspondence, and each caller's two lists. */
@Injectable()
export class JournalService {
  constructor(
    private readonly repository: JournalRepository,
    private readonly clock: Clock,
  ) {}

  /** A publication was published: keep it for the journal and assign it to its units. */
  recordPublished(tx: Tx, { publication, access }: PublishedPublication): Promise<Assignment[]> {
    const now = this.clock.now();
    // A published publication always carries publishedAt; should one not, its deadlines run from now.
    const publishedAt = publication.publishedAt ? new Date(publication.publishedAt) : now;
    const item = {
      publicationId: publication.id,
      reference: publication.reference,
      kind: publication.kind,
      subject: publication.subject,
      summary: publication.summary,
      priority: publication.priority,
      emittingUnitId: publication.emittingUnitId,
      topics: publication.topics,
      communities: publication.communities,
      publishedAt,
      access,
    };
    return this.repository.recordPublication(tx, item, planAssignments(publication, publishedAt), now);
  }

  recordAgent(tx: Tx, agent: AgentSnapshot, occurredAt: string): Promise<void> {
    return this.repository.recordAgent(tx, agent, new Date(occurredAt));
  }

  /** À traiter: action assignments of the caller's units and those they oversee, most pressing first. */
  async toHandle(principal: Principal, req: ToHandleRequest): Promise<Page<ToHandleItem>> {
    const after = decodeCursor<ToHandleKey>(req.cursor, ToHandleCursor);
    if (principal.kind === 'partner') return { items: [], nextCursor: null }; // partners handle no correspondence
    const rows = await this.repository.toHandle({
      units: principal.kind === 'agent' ? reachableUnits(principal) : undefined,
      states: req.state ? [req.state] : OPEN_STATES,
      scope: accessScope(principal),
      after,
      limit: req.limit + 1,
    });
    return pageFrom(rows, req.limit, (r) => r.item);
  }

  /** Centres d'intérêt: visible items on followed topics and communities, and those pour information, newest first. */
  async interests(principal: Principal, req: InterestsRequest): Promise<Page<InterestItem>> {
    const after = decodeCursor<InterestKey>(req.cursor, InterestCursor);
    const follows = principal.kind === 'service' ? { topics: [], communities: [] } : principal;
    const rows = await this.repository.interests({
      match:
        principal.kind === 'service'
          ? undefined
          : { topics: principal.topics, communities: principal.communities, units: principal.kind === 'agent' ? reachableUnits(principal) : [] },
      scope: accessScope(principal),
      after,
      limit: req.limit + 1,
    });
    return pageFrom(rows, req.limit, ({ item: { topics, communities, informationUnits, ...publication } }) => ({
      ...publication,
      reasons: interestReasons({ topics, communities, informationUnits }, follows),
    }));
  }
}

/** Rows were fetched with one extra: its presence says there is a next page, after the last one kept. */
function pageFrom<R extends { key: unknown }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return { items: kept.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.key) : null };
}
