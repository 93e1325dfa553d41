import { AssignmentState, Principal } from '@diplomatie/contracts';
import { reachableUnits } from '@diplomatie/auth';
import { z } from 'zod';

type State = z.infer<typeof AssignmentState>;
export type WorkflowAction = 'acknowledge' | 'start' | 'complete' | 'reassign';

/**
 * The pour-action workflow, strictly in order: a unit acknowledges receipt, starts handling, then
 * completes; while open it may hand the assignment to another unit. `done` and `reassigned` are final.
 */
export const TRANSITIONS: Readonly<Record<WorkflowAction, { from: readonly State[]; to: State }>> = {
  acknowledge: { from: ['received'], to: 'acknowledged' },
  start: { from: ['acknowledged'], to: 'in_progress' },
  complete: { from: ['in_progress'], to: 'done' },
  reassign: { from: ['received', 'acknowledged', 'in_progress'], to: 'reassigned' },
};

/** The state `action` leads to from `current`, or null when the workflow does not allow it. */
export function nextState(action: WorkflowAction, current: State): State | null {
  const t = TRANSITIONS[action];
  return t.from.includes(current) ? t.to : null;
}

/**
 * Who may move an assignment: agents of the assigned unit and the heads above it (the units an
 * agent reaches). Callers who cannot see the publication were answered 404 before this.
 */
export function mayAct(principal: Principal, unitId: string): boolean {
  return principal.kind === 'agent' && reachableUnits(principal).includes(unitId);
}
