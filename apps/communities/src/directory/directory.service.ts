import { Injectable } from '@nestjs/common';
import {
  actorOf, AppError, DirectoryEvents, DirectoryImport, ErrorCode, Person, Principal, UnitView,
} from '@diplomatie/contracts';
import { changedStates, externalReferences, payloadCounts, planImport, touchedAccounts } from './import-plan';
import { AccountRow, DirectoryRepository } from './directory.repository';
import { orderAsTree } from './unit-tree';

@Injectable()
export class DirectoryService {
  constructor(private readonly repository: DirectoryRepository) {}

  async importDirectory(principal: Principal, data: DirectoryImport) {
    if (!(principal.kind === 'service' || (principal.kind === 'agent' && principal.roles.includes('admin')))) {
      throw new AppError(ErrorCode.Forbidden, 'only a service or an administrator may import the directory');
    }
    const actor = actorOf(principal);
    await this.repository.transaction(async (tx) => {
      await tx.lockImports();
      const plan = planImport(data, await tx.existing(externalReferences(data)));
      const { logins, communityIds } = touchedAccounts(data);
      const unitsBefore = await tx.unitStates();
      const agentsBefore = await tx.agentStates(logins, communityIds);

      await tx.write(data, plan.units);
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
    return payloadCounts(data);
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
    // Partners see no one's profile but their own (not visible answers as absent).
    if (principal.kind === 'partner' && principal.id !== id) throw AppError.notFound('person');
    const person = await this.repository.person(id);
    if (!person) throw AppError.notFound('person');
    return person;
  }
}
