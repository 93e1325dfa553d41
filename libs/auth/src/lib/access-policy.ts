import { AccessDescriptor, AgentPrincipal, Principal } from '@diplomatie/contracts';

/**
 * The one access policy of DESIGN §4, as pure functions. `canRead` decides for one document;
 * `accessScope` describes the same rule as a filter, for stores that must apply it inside a
 * query (journal, search) — the two are tested against each other.
 */
export function canRead(principal: Principal, doc: AccessDescriptor): boolean {
  switch (principal.kind) {
    case 'service':
      return true;
    case 'partner':
      return (
        principal.charterAccepted &&
        doc.status === 'published' &&
        doc.classification === 'public' &&
        doc.partners
      );
    case 'agent':
      return agentCanRead(principal, doc);
  }
}

function agentCanRead(agent: AgentPrincipal, doc: AccessDescriptor): boolean {
  if (doc.authorId === agent.id || doc.agents.includes(agent.id)) return true;
  if (doc.status !== 'published') return false;
  if (doc.classification === 'restricted') {
    return (
      intersects(doc.units, reachableUnits(agent)) ||
      intersects(doc.communities, agent.communities)
    );
  }
  // public and internal: any agent, unless the perimeter names ministries.
  return doc.ministries.length === 0 || intersects(doc.ministries, agent.ministries) || intersects(doc.units, reachableUnits(agent));
}

/** The units whose restricted correspondence an agent sees: their own and those they oversee. */
export function reachableUnits(agent: AgentPrincipal): string[] {
  return [...new Set([...agent.units, ...agent.headOf, ...agent.supervisedUnits])];
}

/**
 * The policy as a filter over documents' access descriptors. Each store translates it into
 * its own query language (SQL in libs/persistence, a bool query in the OpenSearch adapter).
 */
export type AccessScope =
  | { kind: 'everything' }
  | { kind: 'nothing' }
  | { kind: 'partner' }
  | {
      kind: 'agent';
      agentId: string;
      units: string[];
      communities: string[];
      ministries: string[];
    };

export function accessScope(principal: Principal): AccessScope {
  switch (principal.kind) {
    case 'service':
      return { kind: 'everything' };
    case 'partner':
      return principal.charterAccepted ? { kind: 'partner' } : { kind: 'nothing' };
    case 'agent':
      return {
        kind: 'agent',
        agentId: principal.id,
        units: reachableUnits(principal),
        communities: principal.communities,
        ministries: principal.ministries,
      };
  }
}

/** `canRead` expressed through the scope: what a store's filter must compute. */
export function scopeAllows(scope: AccessScope, doc: AccessDescriptor): boolean {
  switch (scope.kind) {
    case 'everything':
      return true;
    case 'nothing':
      return false;
    case 'partner':
      return doc.status === 'published' && doc.classification === 'public' && doc.partners;
    case 'agent':
      if (doc.authorId === scope.agentId || doc.agents.includes(scope.agentId)) return true;
      if (doc.status !== 'published') return false;
      if (doc.classification === 'restricted') {
        return intersects(doc.units, scope.units) || intersects(doc.communities, scope.communities);
      }
      return doc.ministries.length === 0 || intersects(doc.ministries, scope.ministries) || intersects(doc.units, scope.units);
  }
}

function intersects(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const set = new Set(b);
  return a.some((x) => set.has(x));
}
