import { Principal, StepActor, StepKind } from '@diplomatie/contracts';

export type StepStatus = 'waiting' | 'pending' | 'done' | 'rejected' | 'skipped' | 'cancelled';

export interface DelegationRecord {
  from: string;
  fromName: string;
  to: string;
  until: string;
  at: string;
}

export interface StepRecord {
  id: string;
  stage: number;
  position: number;
  mode: 'all' | 'any';
  kind: StepKind;
  actor: StepActor;
  status: StepStatus;
  actedBy: string | null;
  onBehalfOf: string | null;
  actedAt: Date | null;
  comment: string | null;
  delegation: DelegationRecord | null;
  signatureId: string | null;
}

/** Whether the principal holds the step: the named agent, or a head of the named unit. */
export function holds(principal: Principal, step: StepRecord): boolean {
  if (principal.kind !== 'agent') return false;
  return 'agentId' in step.actor ? step.actor.agentId === principal.id : principal.headOf.includes(step.actor.unitId);
}

/** The delegation the principal may act under now, if any. */
function delegationFor(principal: Principal, step: StepRecord, now: Date): DelegationRecord | null {
  const d = step.delegation;
  return principal.kind === 'agent' && d?.to === principal.id && new Date(d.until) > now ? d : null;
}

/** How the principal may act on the step: in their own name, "par délégation de" someone, or not at all. */
export function actingAs(principal: Principal, step: StepRecord, now: Date): { onBehalfOf: string | null } | null {
  if (holds(principal, step)) return { onBehalfOf: null };
  const delegation = delegationFor(principal, step, now);
  return delegation ? { onBehalfOf: delegation.from } : null;
}

/** The creator, the steps' holders and delegates (even past ones: they acted) and service principals see a circuit. */
export function canSee(principal: Principal, createdBy: string, steps: readonly StepRecord[]): boolean {
  if (principal.kind === 'service') return true;
  if (principal.kind !== 'agent') return false;
  return createdBy === principal.id || steps.some((s) => holds(principal, s) || s.delegation?.to === principal.id || s.actedBy === principal.id);
}

export interface Progress {
  /** Steps to mark skipped (the rest of an `any` stage). */
  skip: string[];
  /** Steps that become pending (the next stage's). */
  activate: string[];
  /** The stage now in progress; null when the circuit is complete. */
  currentStage: number | null;
  completed: boolean;
}

/** What follows once a step of `stage` is done (the steps are given with that step already done). */
export function progressAfter(steps: readonly StepRecord[], stage: number): Progress {
  const inStage = steps.filter((s) => s.stage === stage);
  const mode = inStage[0]?.mode ?? 'all';
  const done = inStage.filter((s) => s.status === 'done');
  const stageComplete = mode === 'any' ? done.length > 0 : done.length === inStage.length;
  if (!stageComplete) return { skip: [], activate: [], currentStage: stage, completed: false };
  const skip = inStage.filter((s) => s.status === 'pending').map((s) => s.id);
  const later = steps.filter((s) => s.stage > stage).map((s) => s.stage);
  if (later.length === 0) return { skip, activate: [], currentStage: null, completed: true };
  const next = Math.min(...later);
  return { skip, activate: steps.filter((s) => s.stage === next).map((s) => s.id), currentStage: next, completed: false };
}

/** Which action each kind of step takes. */
export function expectedAction(kind: StepKind): 'approve' | 'sign' {
  return kind === 'visa' ? 'approve' : 'sign';
}
