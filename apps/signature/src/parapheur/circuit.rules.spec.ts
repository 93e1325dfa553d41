import { randomUUID } from 'node:crypto';
import { agentPrincipal, demoPrincipals } from '@diplomatie/testing';
import { actingAs, canSee, progressAfter, StepRecord } from './circuit.rules';

function step(over: Partial<StepRecord>): StepRecord {
  return {
    id: randomUUID(), stage: 0, position: 0, mode: 'all', kind: 'visa', actor: { agentId: randomUUID() }, status: 'pending',
    actedBy: null, onBehalfOf: null, actedAt: null, comment: null, delegation: null, signatureId: null, ...over,
  };
}
const now = new Date('2026-11-22T10:00:00Z');

describe(progressAfter.name, () => {
  it('waits for every step of an `all` stage', () => {
    const steps = [step({ status: 'done' }), step({ position: 1 }), step({ stage: 1, status: 'waiting' })];
    expect(progressAfter(steps, 0)).toEqual({ skip: [], activate: [], currentStage: 0, completed: false });
  });

  it('completes an `any` stage with its first step done, skips the others and opens the next stage', () => {
    const steps = [step({ mode: 'any', status: 'done' }), step({ mode: 'any', position: 1 }), step({ stage: 1, status: 'waiting' })];
    expect(progressAfter(steps, 0)).toEqual({ skip: [steps[1].id], activate: [steps[2].id], currentStage: 1, completed: false });
  });

  it('completes the circuit after its last stage', () => {
    const steps = [step({ status: 'done' }), step({ stage: 1, status: 'done', kind: 'signature' })];
    expect(progressAfter(steps, 1)).toEqual({ skip: [], activate: [], currentStage: null, completed: true });
  });
});

describe(actingAs.name, () => {
  const marc = demoPrincipals.marc();
  const philippe = agentPrincipal({ login: 'philippe.garnier', displayName: 'Philippe Garnier', units: ['meae-deur'], headOf: ['meae-deur'] });

  it('lets the named agent act in their own name', () => {
    expect(actingAs(marc, step({ actor: { agentId: marc.id } }), now)).toEqual({ onBehalfOf: null });
  });

  it('lets whoever heads the unit act on a unit step, and nobody else', () => {
    const sut = step({ actor: { unitId: 'meae-deur', role: 'head' } });
    expect(actingAs(philippe, sut, now)).toEqual({ onBehalfOf: null });
    expect(actingAs(marc, sut, now)).toBeNull();
  });

  it('lets a delegate act par délégation until the delegation ends', () => {
    const sut = step({ actor: { agentId: philippe.id }, delegation: { from: philippe.id, fromName: 'Philippe Garnier', to: marc.id, until: '2026-11-23T00:00:00Z', at: now.toISOString() } });
    expect(actingAs(marc, sut, now)).toEqual({ onBehalfOf: philippe.id });
    expect(actingAs(marc, sut, new Date('2026-11-24T00:00:00Z'))).toBeNull();
  });
});

describe(canSee.name, () => {
  it('shows a circuit to its creator and its actors, not to an unrelated agent or a partner', () => {
    const claire = demoPrincipals.claire();
    const marc = demoPrincipals.marc();
    const steps = [step({ actor: { agentId: marc.id } })];
    expect(canSee(claire, claire.id, steps)).toBe(true);
    expect(canSee(marc, claire.id, steps)).toBe(true);
    expect(canSee(demoPrincipals.amina(), claire.id, steps)).toBe(false);
    expect(canSee(demoPrincipals.sophie(), claire.id, steps)).toBe(false);
  });
});
