import { PublicationView, RoutingRule } from '@diplomatie/contracts';

export type RuleCriteria = Pick<RoutingRule, 'id' | 'name' | 'match' | 'forAction' | 'forInformation'>;

export interface RoutingDecision {
  unitId: string;
  role: 'action' | 'information';
  source: 'addressing' | 'rule';
  ruleId: string | null;
  ruleName: string | null;
}

type Routed = Pick<PublicationView, 'kind' | 'topics' | 'country' | 'emittingUnitId' | 'priority' | 'forAction' | 'forInformation'>;

/** Whether every non-empty criterion of a rule holds for a publication (any value of a list will do). */
export function ruleMatches(rule: Pick<RoutingRule, 'match'>, p: Routed): boolean {
  const { kinds, topics, countries, emittingUnits, priorities } = rule.match;
  return (
    (kinds.length === 0 || kinds.includes(p.kind)) &&
    (topics.length === 0 || topics.some((t) => p.topics.includes(t))) &&
    (countries.length === 0 || (p.country !== null && countries.includes(p.country))) &&
    (emittingUnits.length === 0 || emittingUnits.includes(p.emittingUnitId)) &&
    (priorities.length === 0 || priorities.includes(p.priority))
  );
}

/**
 * Who gets a publication in which role, and why: its explicit addressees are kept, matching rules
 * add to them. Returns the merged unit lists (for the assignments) and every reason (for the explanation).
 */
export function routePublication(p: Routed, rules: readonly RuleCriteria[]): { forAction: string[]; forInformation: string[]; decisions: RoutingDecision[] } {
  const decisions: RoutingDecision[] = [
    ...p.forAction.map((unitId) => ({ unitId, role: 'action' as const, source: 'addressing' as const, ruleId: null, ruleName: null })),
    ...p.forInformation.map((unitId) => ({ unitId, role: 'information' as const, source: 'addressing' as const, ruleId: null, ruleName: null })),
  ];
  for (const rule of rules.filter((r) => ruleMatches(r, p))) {
    for (const [role, units] of [['action', rule.forAction], ['information', rule.forInformation]] as const) {
      decisions.push(...units.map((unitId) => ({ unitId, role, source: 'rule' as const, ruleId: rule.id, ruleName: rule.name })));
    }
  }
  const unitsIn = (role: RoutingDecision['role']) => [...new Set(decisions.filter((d) => d.role === role).map((d) => d.unitId))];
  return { forAction: unitsIn('action'), forInformation: unitsIn('information'), decisions };
}
