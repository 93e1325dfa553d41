import { Injectable } from '@nestjs/common';
import {
  actorOf, AppError, decodeCursor, DirectoryEvents, DirectoryImport, encodeCursor, ErrorCode, Page, Person, Principal, SearchPeople, UnitView, ValidationIssue,
} from '@diplomatie/contracts';
import { z } from 'zod';
import { changedStates, dropRows, externalReferences, ImportPlan, payloadCounts, planImport, rowOrigin, touchedAccounts } from './import-plan';
import { AccountRow, DirectoryRepository, PersonKey } from './directory.repository';

const PersonCursor = z.tuple([z.string(), z.string(), z.string()]) as z.ZodType<PersonKey>;
import { orderAsTree } from './unit-tree';

@Injectable()
export class DirectoryService {
  constructor(private readonly repository: DirectoryRepository) {}

  async importDirectory(principal: Principal, data: DirectoryImport) {
    if (!isAdministrator(principal)) {
      throw new AppError(ErrorCode.Forbidden, 'only a service or an administrator may import the directory');
    }
    const actor = actorOf(principal);
    const rejected: ValidationIssue[] = [];
    let payload = data;
    await this.repository.transaction(async (tx) => {
      await tx.lockImports();
      let origin = rowOrigin(data);
      let plan: ImportPlan;
      for (;;) {
        try {
          plan = planImport(payload, await tx.existing(externalReferences(payload)));
          break;
        } catch (error) {
          // Per row: leave the faulty rows out and plan again (rows that needed them fail in turn).
          if (data.mode !== 'per_row' || !(error instanceof AppError) || error.code !== ErrorCode.ValidationFailed || !Array.isArray(error.details)) throw error;
          const next = dropRows(payload, origin, error.details as ValidationIssue[]);
          rejected.push(...next.rejected);
          payload = next.data;
          origin = next.origin;
        }
      }
      const { logins, communityIds } = touchedAccounts(payload);
      const unitsBefore = await tx.unitStates();
      const agentsBefore = await tx.agentStates(logins, communityIds);

      await tx.write(payload, plan.units);
      const looped = await tx.unitsInLoops(plan.units.map((u) => u.id));
      if (looped.length > 0) {
        throw new AppError(ErrorCode.ValidationFailed, `invalid directory import: units would form a loop: ${looped.join(', ')}`,
          looped.map((id) => ({ path: `units.${data.units.findIndex((u) => u.id === id)}.parentId`, message: `unit "${id}" would be its own ancestor` })));
      }

      const unitsAfter = await tx.unitStates();
      const agentsAfter = await tx.agentStates(logins, communityIds, [...agentsBefore.keys()]);
      for (const unit of changedStates(unitsBefore, unitsAfter)) await tx.emit(DirectoryEvents.unitChanged, unit, actor);
      for (const agent of changedStates(agentsBefore, agentsAfter)) await tx.emit(DirectoryEvents.agentChanged, agent.snapshot, actor);
    });
    return { ...payloadCounts(payload), rejected };
  }

  async resolveLogin(principal: Principal, login: string): Promise<AccountRow> {
    const account = await this.repository.accountByLogin(login);
    // Only services (the identity provider's side) resolve other people's logins.
    if (!account || (principal.kind !== 'service' && principal.login !== login)) throw AppError.notFound('account');
    return account;
  }

  async principal(caller: Principal, agentId: string): Promise<Principal> {
    const row = await this.repository.principalRow(agentId);
    if (!row || (caller.kind !== 'service' && caller.id !== agentId)) throw AppError.notFound('account');
    if (!row.active) throw new AppError(ErrorCode.Forbidden, 'account deactivated');
    const displayName = `${row.givenName} ${row.familyName}`;
    if (row.kind === 'partner') {
      return {
        kind: 'partner', id: row.id, login: row.login, displayName,
        organisationId: row.organisationId ?? '', charterAccepted: row.charterAccepted,
        ...(row.charterVersion === null ? {} : { charterVersion: row.charterVersion }), charterVersionAccepted: row.charterVersionAccepted,
        communities: row.communities, topics: row.topics,
      };
    }
    return {
      kind: 'agent', id: row.id, login: row.login, displayName,
      ministries: row.ministries, units: row.units, headOf: row.headOf, supervisedUnits: row.supervisedUnits,
      communities: row.communities, topics: row.topics,
      roles: row.roles.filter((r): r is 'admin' => r === 'admin'),
    };
  }

  async listUnits(ministryId: string | undefined): Promise<{ items: UnitView[] }> {
    return { items: orderAsTree(await this.repository.unitViews(ministryId)) };
  }

  async getPerson(principal: Principal, id: string): Promise<Person> {
    const person = await this.repository.person(id);
    // Partners see their own profile and the agents who chose to be visible to partners (the rest answers as absent).
    if (!person || (principal.kind === 'partner' && principal.id !== id && !visibleToPartner(principal, person))) throw AppError.notFound('person');
    return person;
  }

  async searchPeople(principal: Principal, query: z.output<typeof SearchPeople>): Promise<Page<Person>> {
    if (principal.kind === 'partner' && !principal.charterAccepted) return { items: [], nextCursor: null };
    const after = decodeCursor(query.cursor, PersonCursor);
    const rows = await this.repository.searchPeople({ words: searchWords(query.q), partnersOnly: principal.kind === 'partner', after, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items: items.map((r) => r.person), nextCursor: rows.length > query.limit && last ? encodeCursor(last.key) : null };
  }

  async setActive(principal: Principal, agentId: string, active: boolean): Promise<Person> {
    if (!isAdministrator(principal)) throw new AppError(ErrorCode.Forbidden, 'only an administrator deactivates or reactivates accounts');
    if (principal.kind !== 'service' && principal.id === agentId && !active) throw new AppError(ErrorCode.Conflict, 'an administrator cannot deactivate their own account');
    if (!(await this.repository.setActive(agentId, active, actorOf(principal)))) throw AppError.notFound('person');
    return this.getPerson(principal, agentId);
  }

  async updateProfile(principal: Principal, visibleToPartners: boolean): Promise<Person> {
    if (principal.kind !== 'agent') throw new AppError(ErrorCode.Forbidden, 'only agents choose their visibility to partners');
    await this.repository.setVisibleToPartners(principal.id, visibleToPartners);
    return this.getPerson(principal, principal.id);
  }
}

/** A partner finds agents who chose to be visible to partners, once the charter is accepted. */
export function visibleToPartner(principal: Extract<Principal, { kind: 'partner' }>, person: Pick<Person, 'kind' | 'visibleToPartners' | 'active'>): boolean {
  return principal.charterAccepted && person.kind === 'agent' && person.visibleToPartners && person.active;
}

/** The words of a query, without LIKE wildcards (a `%` typed by a user is not a pattern). */
export function searchWords(q: string): string[] {
  return q.split(/\s+/).map((w) => w.replace(/[%_\\]/g, '')).filter((w) => w.length > 0).slice(0, 10);
}

/** Services and agents holding the `admin` role administer the directory. */
export function isAdministrator(principal: Principal): boolean {
  return principal.kind === 'service' || (principal.kind === 'agent' && principal.roles.includes('admin'));
}
