import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { chainEntry, ChainedEntry, GENESIS_HASH, verifyTrail } from './audit-chain';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signHash = (hash: string) => sign('sha256', Buffer.from(hash, 'hex'), keys.privateKey).toString('base64');
const checkSignature = (hash: string, signature: string) => verify('sha256', Buffer.from(hash, 'hex'), keys.publicKey, Buffer.from(signature, 'base64'));

function trail(): ChainedEntry[] {
  const actions = [
    { action: 'circuit.started', actorId: 'claire', data: { title: 'Lettre à l\'ambassadeur de Serbie' } },
    { action: 'step.approved', actorId: 'marc', data: { stepId: 's1' } },
    { action: 'step.signed', actorId: 'philippe', data: { stepId: 's2', certificate: '01ab' } },
    { action: 'circuit.completed', actorId: 'philippe', data: {} },
  ];
  const entries: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  actions.forEach((a, i) => {
    const entry = chainEntry(prev, { seq: i + 1, at: `2026-11-22T10:0${i}:00.000Z`, ...a }, signHash);
    entries.push(entry);
    prev = entry.hash;
  });
  return entries;
}
const headOf = (entries: ChainedEntry[]) => ({ hash: entries.at(-1)!.hash, length: entries.length });

describe(verifyTrail.name, () => {
  it('accepts an intact trail', () => {
    const sut = trail();
    expect(verifyTrail(sut, headOf(sut), checkSignature)).toEqual([]);
  });

  it('detects an altered entry', () => {
    const sut = trail();
    const head = headOf(sut);
    sut[1] = { ...sut[1], actorId: 'claire' };
    expect(verifyTrail(sut, head, checkSignature)).toEqual([{ seq: 2, problem: expect.stringContaining('altered') }]);
  });

  it('detects a removed entry in the middle', () => {
    const sut = trail();
    const head = headOf(sut);
    sut.splice(1, 1);
    const problems = verifyTrail(sut, head, checkSignature);
    expect(problems).toContainEqual({ seq: 3, problem: expect.stringContaining('removed or reordered') });
    expect(problems).toContainEqual({ seq: 3, problem: 'does not link to the entry before it' });
  });

  it('detects the newest entry removed, against the recorded head', () => {
    const sut = trail();
    const head = headOf(sut);
    sut.pop();
    expect(verifyTrail(sut, head, checkSignature)).toEqual([{ seq: null, problem: expect.stringContaining('entries were removed') }]);
  });

  it('detects reordered entries', () => {
    const sut = trail();
    const head = headOf(sut);
    [sut[1], sut[2]] = [sut[2], sut[1]];
    expect(verifyTrail(sut, head, checkSignature).map((p) => p.seq)).toEqual(expect.arrayContaining([3, 2]));
  });

  it('detects an entry re-hashed by someone without the service key', () => {
    const sut = trail();
    const forged = chainEntry(sut[2].prevHash, { ...sut[2], data: { stepId: 's2', certificate: 'ff' } }, () => 'AAAA');
    sut[2] = forged;
    const problems = verifyTrail(sut, headOf(trail()), checkSignature);
    expect(problems).toContainEqual({ seq: 3, problem: 'service signature does not verify' });
  });
});
