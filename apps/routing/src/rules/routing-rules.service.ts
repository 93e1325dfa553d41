import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { canRead } from '@diplomatie/auth';
import { AppError, decodeCursor, encodeCursor, ErrorCode, Page, Principal, RoutingContracts, RoutingExplanation, RoutingRule } from '@diplomatie/contracts';
import { Clock } from '../clock';
import { JournalRepository } from '../journal/journal.repository';
import { RoutingRulesRepository, RuleKey } from './routing-rules.repository';

type Req<K extends keyof typeof RoutingContracts> = z.output<(typeof RoutingContracts)[K]['request']>;
const RuleCursor = z.tuple([z.string().min(1).max(64), z.uuid()]);

/** Routing rules are maintained by administrators; the explanation of a publication's routing is for whoever may see it. */
@Injectable()
export class RoutingRulesService {
  constructor(
    private readonly repository: RoutingRulesRepository,
    private readonly journal: JournalRepository,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, { name, match, forAction, forInformation, active }: Req<'createRule'>): Promise<RoutingRule> {
    assertAdmin(principal);
    const now = this.clock.now().toISOString();
    const rule: RoutingRule = { id: uuidv7(), name, match, forAction, forInformation, active, createdBy: principal.id, createdAt: now, updatedAt: now };
    await uniqueName(this.repository.insert(rule), name);
    return rule;
  }

  async list(principal: Principal, req: Req<'listRules'>): Promise<Page<RoutingRule>> {
    assertAdmin(principal);
    const rows = await this.repository.list(decodeCursor<RuleKey>(req.cursor, RuleCursor), req.limit + 1);
    const kept = rows.slice(0, req.limit);
    const last = kept.at(-1);
    return { items: kept.map((r) => r.rule), nextCursor: rows.length > req.limit && last ? encodeCursor(last.key) : null };
  }

  async get(principal: Principal, { id }: Req<'getRule'>): Promise<RoutingRule> {
    assertAdmin(principal);
    return (await this.repository.get(id)) ?? notFound();
  }

  async update(principal: Principal, { id, name, match, forAction, forInformation, active }: Req<'updateRule'>): Promise<RoutingRule> {
    assertAdmin(principal);
    const now = this.clock.now().toISOString();
    // createdBy and createdAt are kept by the UPDATE; the placeholders below are not written.
    const rule: RoutingRule = { id, name, match, forAction, forInformation, active, createdBy: principal.id, createdAt: now, updatedAt: now };
    return (await uniqueName(this.repository.update(rule), name)) ?? notFound();
  }

  async delete(principal: Principal, { id }: Req<'deleteRule'>): Promise<{ id: string }> {
    assertAdmin(principal);
    if (!(await this.repository.delete(id))) notFound();
    return { id };
  }

  /** 404 unless the caller may see the publication: the explanation names the units it went to. */
  async explain(principal: Principal, { publicationId }: Req<'explainRouting'>): Promise<RoutingExplanation> {
    const access = await this.journal.findAccess(publicationId);
    if (!access || !canRead(principal, access)) throw AppError.notFound('publication');
    return { publicationId, entries: await this.repository.explanation(publicationId) };
  }
}

function assertAdmin(principal: Principal): void {
  const admin = principal.kind === 'service' || (principal.kind === 'agent' && principal.roles.includes('admin'));
  if (!admin) throw new AppError(ErrorCode.Forbidden, 'routing rules are maintained by administrators');
}

function notFound(): never {
  throw AppError.notFound('routing rule');
}

/** A name is how administrators tell rules apart: a second rule with it is a conflict. */
async function uniqueName<T>(work: Promise<T>, name: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as { code?: string }).code === '23505' || (error as { driverError?: { code?: string } }).driverError?.code === '23505') {
      throw new AppError(ErrorCode.Conflict, `a routing rule is already named "${name}"`);
    }
    throw error;
  }
}
