import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { canRead } from '@diplomatie/auth';
import { actorOf, AppError, AssignmentDetail, ErrorCode, Principal, RoutingContracts } from '@diplomatie/contracts';
import { Clock } from '../clock';
import { deadlineFor, PRIORITY_ORDER } from '../journal/assignment.rules';
import { AssignmentsRepository, LockedAssignment, WorkflowTransaction } from './assignments.repository';
import { mayAct, nextState, WorkflowAction } from './assignment.workflow';

type Req<K extends keyof typeof RoutingContracts> = z.output<(typeof RoutingContracts)[K]['request']>;

/** The pour-action workflow: one transition per call, under a row lock, recorded and announced in the same transaction. */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly repository: AssignmentsRepository,
    private readonly clock: Clock,
  ) {}

  async get(principal: Principal, { id }: Req<'getAssignment'>): Promise<AssignmentDetail> {
    const found = await this.repository.find(id);
    if (!found || !canRead(principal, found.access)) throw AppError.notFound('assignment');
    return this.detail(id);
  }

  acknowledge(principal: Principal, req: Req<'acknowledge'>): Promise<AssignmentDetail> {
    return this.transition(principal, 'acknowledge', req.id, async (tx, a) => {
      await this.checkAssignee(tx, req.assigneeId, a.unitId);
      return { assigneeId: req.assigneeId };
    });
  }

  start(principal: Principal, req: Req<'start'>): Promise<AssignmentDetail> {
    return this.transition(principal, 'start', req.id, async (tx, a) => {
      await this.checkAssignee(tx, req.assigneeId, a.unitId);
      return { assigneeId: req.assigneeId };
    });
  }

  complete(principal: Principal, req: Req<'complete'>): Promise<AssignmentDetail> {
    return this.transition(principal, 'complete', req.id, async () => ({ answerPublicationId: req.answerPublicationId }));
  }

  reassign(principal: Principal, req: Req<'reassign'>): Promise<AssignmentDetail> {
    return this.transition(principal, 'reassign', req.id, async (tx, a, now) => {
      if (req.unitId === a.unitId) {
        throw new AppError(ErrorCode.ValidationFailed, 'invalid request: unitId: the assignment is already this unit\'s', [
          { path: 'unitId', message: 'the assignment is already this unit\'s' },
        ]);
      }
      // Routing does not widen a perimeter publications decided: a restricted item goes only to units inside it.
      if (a.access.classification === 'restricted' && !a.access.units.includes(req.unitId)) {
        throw new AppError(ErrorCode.Conflict, `unit ${req.unitId} is outside the perimeter of this restricted publication`);
      }
      await this.checkAssignee(tx, req.assigneeId, req.unitId);
      const next = await tx.createReassigned(a, req.unitId, PRIORITY_ORDER.indexOf(a.priority), deadlineFor(a.priority, now), req.assigneeId ?? null, now);
      if (!next) throw new AppError(ErrorCode.Conflict, `unit ${req.unitId} already has this publication pour action`);
      const actor = actorOf(principal);
      await tx.recordTransition({ assignmentId: next.id, from: null, to: 'received', actor, at: now, assigneeId: next.assigneeId });
      await tx.announceCreated(next, actor);
      return { reason: req.reason, nextAssignmentId: next.id };
    });
  }

  /**
   * Locks the assignment, answers 404 if the caller cannot see its publication, 403 if they may
   * not act on it, 409 if the workflow forbids the move, then applies it with its history and event.
   */
  private async transition(
    principal: Principal,
    action: WorkflowAction,
    id: string,
    prepare: (tx: WorkflowTransaction, a: LockedAssignment, now: Date) => Promise<TransitionExtras>,
  ): Promise<AssignmentDetail> {
    await this.repository.inTransaction(async (tx) => {
      const a = await tx.lock(id);
      if (!a || !canRead(principal, a.access)) throw AppError.notFound('assignment');
      if (!mayAct(principal, a.unitId)) {
        throw new AppError(ErrorCode.Forbidden, `only agents of ${a.unitId} and the heads above it may act on this assignment`);
      }
      if (a.role !== 'action') throw new AppError(ErrorCode.Conflict, 'an assignment pour information has no workflow');
      const to = nextState(action, a.state);
      if (!to) throw new AppError(ErrorCode.Conflict, `cannot ${action} an assignment that is ${a.state}`);
      const now = this.clock.now();
      const extras = await prepare(tx, a, now);
      const updated = await tx.update(a.id, { state: to, assigneeId: extras.assigneeId, answerPublicationId: extras.answerPublicationId }, now);
      const transition = await tx.recordTransition({ assignmentId: a.id, from: a.state, to, actor: actorOf(principal), at: now, ...extras });
      await tx.announceStateChanged(transition, updated);
    });
    return this.detail(id);
  }

  private async detail(id: string): Promise<AssignmentDetail> {
    const detail = await this.repository.detail(id);
    if (!detail) throw AppError.notFound('assignment');
    return detail;
  }

  /** An assignee must be an active agent of the unit, as the directory replica knows it. */
  private async checkAssignee(tx: WorkflowTransaction, assigneeId: string | undefined, unitId: string): Promise<void> {
    if (assigneeId && !(await tx.isMember(assigneeId, unitId))) {
      throw new AppError(ErrorCode.ValidationFailed, `invalid request: assigneeId: not an agent of ${unitId}`, [
        { path: 'assigneeId', message: `not an agent of ${unitId}` },
      ]);
    }
  }
}

interface TransitionExtras {
  assigneeId?: string;
  answerPublicationId?: string;
  reason?: string;
  nextAssignmentId?: string;
}
