import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { accessScope, canRead, reachableUnits } from '@diplomatie/auth';
import {
  AgentSnapshot, AppError, Assignment, AssignmentState, decodeCursor, encodeCursor, ErrorCode, InterestItem, Page, Principal,
  PublishedPublication, RoutingContracts, ToHandleCounts, ToHandleItem, UnitView,
} from '@diplomatie/contracts';
import { Clock } from '../clock';
import { routePublication } from '../rules/routing-rule.match';
import { RoutingRulesRepository } from '../rules/routing-rules.repository';
import { interestReasons, OPEN_STATES, planAssignments } from './assignment.rules';
import { InterestKey, JournalRepository, ToHandleKey, Tx } from './journal.repository';

type ToHandleRequest = z.output<typeof RoutingContracts.toHandle.request>;
type InterestsRequest = z.output<typeof RoutingContracts.interests.request>;
type ToHandleFilters = z.output<typeof RoutingContracts.toHandleCounts.request>;

const ToHandleCursor = z.tuple([z.number().int().min(0), z.string().min(1).max(64), z.uuid()]);
const InterestCursor = z.tuple([z.string().min(1).max(64), z.uuid()]);

/** The journal: assignments from published correspondence, and each caller's two lists. */
@Injectable()
export class JournalService {
  constructor(
    private readonly repository: JournalRepository,
    private readonly rules: RoutingRulesRepository,
    private readonly clock: Clock,
  ) {}

  /** A publication was published: keep it for the journal and assign it to its units. */
  async recordPublished(tx: Tx, { publication, access }: PublishedPublication): Promise<Assignment[]> {
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
    // Explicit addressees are kept; the rules in force add to them, and each reason is kept for the explanation.
    const routed = routePublication(publication, await this.rules.active(tx));
    const planned = planAssignments({ priority: publication.priority, forAction: routed.forAction, forInformation: routed.forInformation }, publishedAt);
    const created = await this.repository.recordPublication(tx, item, planned, now);
    await this.rules.recordDecisions(tx, publication.id, routed.decisions, now);
    return created;
  }

  recordUnit(tx: Tx, unit: UnitView, occurredAt: string): Promise<void> {
    return this.repository.recordUnit(tx, unit, new Date(occurredAt));
  }

  recordAgent(tx: Tx, agent: AgentSnapshot, occurredAt: string): Promise<void> {
    return this.repository.recordAgent(tx, agent, new Date(occurredAt));
  }

  /** À traiter: action assignments of the caller's units and those they oversee, most pressing first. */
  async toHandle(principal: Principal, req: ToHandleRequest): Promise<Page<ToHandleItem>> {
    const after = decodeCursor<ToHandleKey>(req.cursor, ToHandleCursor);
    if (principal.kind === 'partner') return { items: [], nextCursor: null }; // partners handle no correspondence
    const rows = await this.repository.toHandle({
      ...this.toHandleScope(principal, req),
      states: req.state ? [req.state] : OPEN_STATES,
      overdue: req.overdue,
      escalated: req.escalated,
      now: this.clock.now(),
      after,
      limit: req.limit + 1,
    });
    return pageFrom(rows, req.limit, (r) => r.item);
  }

  /** À traiter's counts per state under the same filters; overdue and unread count open assignments only. */
  async toHandleCounts(principal: Principal, req: ToHandleFilters): Promise<ToHandleCounts> {
    const byState = Object.fromEntries(AssignmentState.options.map((s) => [s, 0])) as ToHandleCounts['byState'];
    const counts: ToHandleCounts = { byState, overdue: 0, unread: 0 };
    if (principal.kind === 'partner') return counts;
    const rows = await this.repository.toHandleCounts({ ...this.toHandleScope(principal, req), now: this.clock.now() });
    for (const row of rows) {
      byState[row.state] = row.total;
      counts.overdue += row.overdue;
      if ((OPEN_STATES as readonly string[]).includes(row.state)) counts.unread += row.unread;
    }
    return counts;
  }

  /** Marks a publication read by the caller: 404 if the journal does not hold it or the caller may not see it. */
  async markRead(principal: Principal, { publicationId }: z.output<typeof RoutingContracts.markRead.request>) {
    const access = await this.repository.findAccess(publicationId);
    if (!access || !canRead(principal, access)) throw AppError.notFound('publication');
    if (principal.kind === 'service') throw new AppError(ErrorCode.Forbidden, 'only people have read marks');
    const readAt = await this.repository.markRead(principal.id, publicationId, this.clock.now());
    return { publicationId, readAt: readAt.toISOString() };
  }

  /** Whose assignments à traiter lists: the caller's reachable units, narrowed to one by the `unit` filter. */
  private toHandleScope(principal: Exclude<Principal, { kind: 'partner' }>, filters: ToHandleFilters) {
    const reachable = principal.kind === 'agent' ? reachableUnits(principal) : undefined;
    const units = filters.unit ? (reachable ?? [filters.unit]).filter((u) => u === filters.unit) : reachable;
    return { units, kind: filters.kind, reader: principal.kind === 'service' ? null : principal.id, scope: accessScope(principal) };
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
      reader: principal.kind === 'service' ? null : principal.id,
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
