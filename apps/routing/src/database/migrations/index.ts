import { Initial1763810000000 } from './1763810000000-initial';
import { AssignmentWorkflow1763900000000 } from './1763900000000-assignment-workflow';
import { RoutingRules1763950000000 } from './1763950000000-routing-rules';
import { Escalation1763990000000 } from './1763990000000-escalation';

/** In order; never edit one once merged. */
export const migrations = [Initial1763810000000, AssignmentWorkflow1763900000000, RoutingRules1763950000000, Escalation1763990000000];
