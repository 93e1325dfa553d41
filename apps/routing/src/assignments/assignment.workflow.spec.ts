import { AssignmentState } from '@diplomatie/contracts';
import { demoPrincipals, servicePrincipal, agentPrincipal } from '@diplomatie/testing';
import { mayAct, nextState, WorkflowAction } from './assignment.workflow';

describe(nextState.name, () => {
  const actions: WorkflowAction[] = ['acknowledge', 'start', 'complete', 'reassign'];
  const legal = new Set(['acknowledge:received', 'start:acknowledged', 'complete:in_progress', 'reassign:received', 'reassign:acknowledged', 'reassign:in_progress']);

  it.each(actions.flatMap((a) => AssignmentState.options.map((s) => [a, s] as const)))('%s from %s', (action, state) => {
    const sut = nextState(action, state);
    if (legal.has(`${action}:${state}`)) expect(sut).toBe({ acknowledge: 'acknowledged', start: 'in_progress', complete: 'done', reassign: 'reassigned' }[action]);
    else expect(sut).toBeNull();
  });
});

describe(mayAct.name, () => {
  it('lets agents of the unit and the heads above it act, and no one else', () => {
    expect(mayAct(demoPrincipals.claire(), 'meae-deur-balkans')).toBe(true);
    expect(mayAct(demoPrincipals.marc(), 'meae-deur-balkans')).toBe(true);
    const director = agentPrincipal({ login: 'helene.garnier', units: ['meae-deur'], headOf: ['meae-deur'], supervisedUnits: ['meae-deur-balkans'] });
    expect(mayAct(director, 'meae-deur-balkans')).toBe(true);
    expect(mayAct(demoPrincipals.amina(), 'meae-deur-balkans')).toBe(false);
    expect(mayAct(demoPrincipals.sophie(), 'meae-deur-balkans')).toBe(false);
    expect(mayAct(servicePrincipal(), 'meae-deur-balkans')).toBe(false);
  });
});
