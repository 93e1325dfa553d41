import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { AppError, Circuit, SignatureContracts as C, SignatureEvents, StartCircuit } from '@diplomatie/contracts';
import {
  demoPrincipals, RpcTestClient, ServiceTestEnv, startServiceUnderTest, stopServiceUnderTest,
} from '@diplomatie/testing';
import { AppModule } from '../src/app.module';
import { loadSignatureEnv } from '../src/config/signature.env';
import { formalLetterPdf } from '../src/crypto/test-documents';

const claire = demoPrincipals.claire();
const marc = demoPrincipals.marc();
const philippe = demoPrincipals.philippe();
const amina = demoPrincipals.amina();
const sophie = demoPrincipals.sophie();

const noteVerbale = Buffer.from('Note verbale n° 2026-0417 : l\'ambassade de France présente ses compliments au ministère serbe des Affaires étrangères.');

/** The error code a rejected request carries. */
async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'OK';
}

describe('ParapheurService over NATS', () => {
  let env: ServiceTestEnv;
  let app: INestApplication;
  let rpc: RpcTestClient;
  let db: Client;
  let letter: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'parapheur-int-'));
  const file = (name: string, content: Buffer | string) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    ({ env, app, rpc } = await startServiceUnderTest((vars) => AppModule.register(loadSignatureEnv(vars))));
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    letter = await formalLetterPdf();
  });
  afterAll(async () => {
    await db?.end();
    await stopServiceUnderTest({ rpc, app, env });
    rmSync(dir, { recursive: true, force: true });
  });

  const pdfCircuit = (stages: StartCircuit['stages'], content = letter): StartCircuit => ({
    title: 'Lettre à l\'ambassadeur de Serbie — ouverture du groupe de chapitres',
    document: { name: 'lettre-ambassadeur.pdf', mediaType: 'application/pdf', content: content.toString('base64') },
    stages,
  });
  const stepOf = (circuit: Circuit, stage: number, position = 0) => circuit.stages[stage].steps[position];
  const events = async (circuitId: string) => {
    const { rows } = await db.query(`SELECT subject, payload FROM signature.outbox WHERE payload->'data'->>'circuitId' = $1 ORDER BY created_at`, [circuitId]);
    return rows as Array<{ subject: string; payload: { data: Record<string, unknown> } }>;
  };
  const caPem = async (circuitId: string, principal = claire) => (await rpc.request(C.proof, principal, { id: circuitId })).caCertificate;
  const pdfsig = (pdf: Buffer) => spawnSync('pdfsig', [file('doc.pdf', pdf)], { encoding: 'utf8' }).stdout;

  describe('a sequential circuit: visa by a named agent, then signature by the head of a unit', () => {
    let started: Circuit;

    beforeAll(async () => {
      started = await rpc.request(C.start, claire, pdfCircuit([
        { mode: 'all', steps: [{ kind: 'visa', actor: { agentId: marc.id } }] },
        { mode: 'all', steps: [{ kind: 'signature', actor: { unitId: 'meae-deur', role: 'head' } }] },
      ]));
    });

    it('starts with the first stage pending, the document hashed, and an event naming the next actor', async () => {
      expect(started).toMatchObject({ status: 'in_progress', currentStage: 0, createdBy: claire.id, document: { size: letter.length, signedSha256: null } });
      expect(started.document.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(stepOf(started, 0).status).toBe('pending');
      expect(stepOf(started, 1).status).toBe('waiting');
      const [event] = await events(started.id);
      expect(event.subject).toBe(SignatureEvents.circuitStarted.subject);
      expect(event.payload.data['pending']).toEqual([{ stepId: stepOf(started, 0).id, kind: 'visa', actor: { agentId: marc.id }, delegateId: null }]);
    });

    it('refuses the signer before their stage (409), and a visa given as a signature (409)', async () => {
      expect(await errorCode(rpc.request(C.sign, philippe, { circuitId: started.id, stepId: stepOf(started, 1).id }))).toBe('CONFLICT');
      expect(await errorCode(rpc.request(C.sign, marc, { circuitId: started.id, stepId: stepOf(started, 0).id }))).toBe('CONFLICT');
    });

    it('moves to the signature stage once the visa is given, telling routing who signs next', async () => {
      const approved = await rpc.request(C.approve, marc, { circuitId: started.id, stepId: stepOf(started, 0).id, comment: 'Vu, bon pour signature.' });
      expect(stepOf(approved, 0)).toMatchObject({ status: 'done', actedBy: marc.id, onBehalfOf: null, comment: 'Vu, bon pour signature.' });
      expect(approved.currentStage).toBe(1);
      const last = (await events(started.id)).at(-1)!;
      expect(last.subject).toBe(SignatureEvents.stepCompleted.subject);
      expect(last.payload.data['pending']).toEqual([
        { stepId: stepOf(started, 1).id, kind: 'signature', actor: { unitId: 'meae-deur', role: 'head' }, delegateId: null },
      ]);
    });

    it('lets the head of meae-deur sign (PAdES), completes the circuit, and pdfsig validates the signed PDF', async () => {
      const signed = await rpc.request(C.sign, philippe, { circuitId: started.id, stepId: stepOf(started, 1).id });
      expect(signed).toMatchObject({ status: 'completed', currentStage: null });
      expect(stepOf(signed, 1).signatureId).toEqual(expect.any(String));
      const subjects = (await events(started.id)).map((e) => e.subject);
      expect(subjects.slice(-2)).toEqual([SignatureEvents.stepCompleted.subject, SignatureEvents.circuitCompleted.subject]);
      const doc = await rpc.request(C.document, claire, { id: started.id, version: 'signed' });
      expect(doc.sha256).toBe(signed.document.signedSha256);
      const out = pdfsig(Buffer.from(doc.content, 'base64'));
      expect(out).toContain('Signer Certificate Common Name: Philippe Garnier');
      expect(out).toContain('Signature Validation: Signature is Valid.');
    });

    it('verifies the signed PDF: signer, time, chain to the platform CA, integrity', async () => {
      const doc = await rpc.request(C.document, claire, { id: started.id, version: 'signed' });
      const result = await rpc.request(C.verify, amina, { content: doc.content });
      expect(result.format).toBe('pades');
      expect(result.signatures).toEqual([expect.objectContaining({
        signer: expect.objectContaining({ commonName: 'Philippe Garnier', agentId: philippe.id }),
        trusted: true, integrity: true, coversWholeDocument: true, reason: 'Signe par Philippe Garnier',
      })]);
      expect(result.signatures[0].chain).toHaveLength(2);
      const tampered = Buffer.from(doc.content, 'base64');
      tampered[300] ^= 0x01;
      const checked = await rpc.request(C.verify, amina, { content: tampered.toString('base64') });
      expect(checked.signatures[0].integrity).toBe(false);
    });

    it('keeps a trail whose chain verifies', async () => {
      const proof = await rpc.request(C.proof, marc, { id: started.id });
      expect(proof.entries.map((e) => e.action)).toEqual(['circuit.started', 'step.approved', 'step.signed', 'circuit.completed']);
      expect(proof.length).toBe(4);
      expect(proof.head).toBe(proof.entries[3].hash);
      expect(proof.entries[2].data).toMatchObject({ format: 'pades', certificate: { subject: expect.stringContaining('Philippe Garnier') } });
      expect(await rpc.request(C.verifyProof, claire, { id: started.id })).toEqual({ valid: true, problems: [] });
    });

    it('detects an altered, then a removed trail entry stored in the database', async () => {
      await db.query(`UPDATE signature.audit_entry SET data = jsonb_set(data, '{comment}', '"Refusé"') WHERE circuit_id = $1 AND seq = 2`, [started.id]);
      const altered = await rpc.request(C.verifyProof, claire, { id: started.id });
      expect(altered.valid).toBe(false);
      expect(altered.problems).toContainEqual({ seq: 2, problem: expect.stringContaining('altered') });
      await db.query(`DELETE FROM signature.audit_entry WHERE circuit_id = $1 AND seq = 4`, [started.id]);
      const removed = await rpc.request(C.verifyProof, claire, { id: started.id });
      expect(removed.problems).toContainEqual({ seq: null, problem: expect.stringContaining('removed') });
    });
  });

  it('signs twice in one PDF (a parallel-all stage): pdfsig finds both signatures valid', async () => {
    const circuit = await rpc.request(C.start, claire, pdfCircuit([
      { mode: 'all', steps: [{ kind: 'signature', actor: { agentId: marc.id } }, { kind: 'signature', actor: { agentId: philippe.id } }] },
    ]));
    const afterMarc = await rpc.request(C.sign, marc, { circuitId: circuit.id, stepId: stepOf(circuit, 0, 0).id });
    expect(afterMarc.status).toBe('in_progress');
    const done = await rpc.request(C.sign, philippe, { circuitId: circuit.id, stepId: stepOf(circuit, 0, 1).id });
    expect(done.status).toBe('completed');
    const pdf = Buffer.from((await rpc.request(C.document, claire, { id: circuit.id, version: 'signed' })).content, 'base64');
    const out = pdfsig(pdf);
    expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    const tampered = Buffer.from(pdf);
    tampered[200] ^= 0x01;
    expect(pdfsig(tampered)).toMatch(/Digest Mismatch/);
  });

  it('completes a parallel-any stage with the first visa and skips the other (then 409 for it)', async () => {
    const circuit = await rpc.request(C.start, claire, pdfCircuit([
      { mode: 'any', steps: [{ kind: 'visa', actor: { agentId: marc.id } }, { kind: 'visa', actor: { unitId: 'meae-deur', role: 'head' } }] },
      { mode: 'all', steps: [{ kind: 'signature', actor: { agentId: claire.id } }] },
    ]));
    const after = await rpc.request(C.approve, philippe, { circuitId: circuit.id, stepId: stepOf(circuit, 0, 1).id });
    expect(after.stages[0].steps.map((s) => s.status)).toEqual(['skipped', 'done']);
    expect(after.currentStage).toBe(1);
    expect(await errorCode(rpc.request(C.approve, marc, { circuitId: circuit.id, stepId: stepOf(circuit, 0, 0).id }))).toBe('CONFLICT');
  });

  it('signs a non-PDF document with a detached CMS that openssl accepts, and refuses one altered byte', async () => {
    const circuit = await rpc.request(C.start, claire, {
      title: 'Note verbale à l\'ambassade de Serbie',
      document: { name: 'note-verbale.txt', mediaType: 'text/plain', content: noteVerbale.toString('base64') },
      stages: [{ steps: [{ kind: 'signature', actor: { unitId: 'meae-deur-balkans', role: 'head' } }] }],
    });
    const signed = await rpc.request(C.sign, marc, { circuitId: circuit.id, stepId: stepOf(circuit, 0).id });
    const signature = await rpc.request(C.signature, claire, { circuitId: circuit.id, signatureId: stepOf(signed, 0).signatureId! });
    expect(signature).toMatchObject({ format: 'cms', signerId: marc.id, mediaType: 'application/pkcs7-signature' });
    const p7s = file('sig.p7s', Buffer.from(signature.content, 'base64'));
    const ca = file('ca.pem', await caPem(circuit.id));
    const openssl = (content: Buffer) =>
      spawnSync('openssl', ['cms', '-verify', '-binary', '-content', file('doc', content), '-inform', 'DER', '-in', p7s, '-CAfile', ca, '-purpose', 'any', '-out', '/dev/null']);
    expect(openssl(noteVerbale).status).toBe(0);
    const altered = Buffer.from(noteVerbale);
    altered[5] ^= 0x01;
    expect(openssl(altered).status).not.toBe(0);

    const ok = await rpc.request(C.verify, claire, { content: noteVerbale.toString('base64'), signature: signature.content });
    expect(ok).toMatchObject({ format: 'cms', signatures: [{ signer: { commonName: 'Marc Lefèvre', agentId: marc.id }, trusted: true, integrity: true }] });
    const ko = await rpc.request(C.verify, claire, { content: altered.toString('base64'), signature: signature.content });
    expect(ko.signatures[0].integrity).toBe(false);
  });

  it('stops the circuit on a rejection with a comment; the comment is mandatory; nothing more can be done', async () => {
    const circuit = await rpc.request(C.start, claire, pdfCircuit([
      { steps: [{ kind: 'visa', actor: { agentId: marc.id } }] },
      { steps: [{ kind: 'signature', actor: { unitId: 'meae-deur', role: 'head' } }] },
    ]));
    const stepId = stepOf(circuit, 0).id;
    const missing = await rpc.raw(C.reject.subject, { principal: marc, data: { circuitId: circuit.id, stepId } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'comment' })] } });
    const rejected = await rpc.request(C.reject, marc, { circuitId: circuit.id, stepId, comment: 'Le paragraphe 3 contredit la position arrêtée en COREPER.' });
    expect(rejected).toMatchObject({
      status: 'rejected', currentStage: null,
      rejection: { stepId, by: marc.id, comment: 'Le paragraphe 3 contredit la position arrêtée en COREPER.' },
    });
    expect(stepOf(rejected, 1).status).toBe('cancelled');
    const last = (await events(circuit.id)).at(-1)!;
    expect(last).toMatchObject({ subject: SignatureEvents.circuitRejected.subject, payload: { data: { createdBy: claire.id, rejectedBy: marc.id } } });
    expect(await errorCode(rpc.request(C.sign, philippe, { circuitId: circuit.id, stepId: stepOf(circuit, 1).id }))).toBe('CONFLICT');
  });

  it('lets a delegate sign "par délégation de" the holder until the delegation ends', async () => {
    const circuit = await rpc.request(C.start, claire, pdfCircuit([
      { steps: [{ kind: 'signature', actor: { unitId: 'meae-deur', role: 'head' } }] },
    ]));
    const stepId = stepOf(circuit, 0).id;
    expect(await errorCode(rpc.request(C.delegate, marc, { circuitId: circuit.id, stepId, toAgentId: marc.id, until: '2099-01-01T00:00:00Z' }))).toBe('NOT_FOUND');
    expect(await errorCode(rpc.request(C.delegate, philippe, { circuitId: circuit.id, stepId, toAgentId: marc.id, until: '2020-01-01T00:00:00Z' }))).toBe('VALIDATION_FAILED');
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const delegated = await rpc.request(C.delegate, philippe, { circuitId: circuit.id, stepId, toAgentId: marc.id, until, comment: 'Absent jusqu\'à lundi.' });
    expect(stepOf(delegated, 0).delegation).toMatchObject({ from: philippe.id, to: marc.id, until });
    expect((await events(circuit.id)).at(-1)).toMatchObject({
      subject: SignatureEvents.stepDelegated.subject, payload: { data: { stepId, from: philippe.id, to: marc.id, until, pending: true } },
    });
    const signed = await rpc.request(C.sign, marc, { circuitId: circuit.id, stepId });
    expect(stepOf(signed, 0)).toMatchObject({ status: 'done', actedBy: marc.id, onBehalfOf: philippe.id });
    const doc = await rpc.request(C.document, marc, { id: circuit.id, version: 'signed' });
    const [check] = (await rpc.request(C.verify, marc, { content: doc.content })).signatures;
    expect(check).toMatchObject({ signer: { commonName: 'Marc Lefèvre' }, reason: 'Signe par Marc Lefevre, par delegation de Philippe Garnier', integrity: true });
    const proof = await rpc.request(C.proof, philippe, { id: circuit.id });
    expect(proof.entries.map((e) => e.action)).toEqual(['circuit.started', 'step.delegated', 'step.signed', 'circuit.completed']);
  });

  it('answers 404 to anyone who is neither creator nor actor, and 403 to an actor acting on another\'s step', async () => {
    const circuit = await rpc.request(C.start, claire, pdfCircuit([
      { steps: [{ kind: 'visa', actor: { agentId: marc.id } }, { kind: 'visa', actor: { agentId: philippe.id } }] },
    ]));
    for (const outsider of [amina, sophie]) {
      expect(await errorCode(rpc.request(C.get, outsider, { id: circuit.id }))).toBe('NOT_FOUND');
      expect(await errorCode(rpc.request(C.approve, outsider, { circuitId: circuit.id, stepId: stepOf(circuit, 0).id }))).toBe('NOT_FOUND');
      expect(await errorCode(rpc.request(C.proof, outsider, { id: circuit.id }))).toBe('NOT_FOUND');
      expect(await errorCode(rpc.request(C.document, outsider, { id: circuit.id, version: 'original' }))).toBe('NOT_FOUND');
    }
    expect(await errorCode(rpc.request(C.comment, amina, { circuitId: circuit.id, comment: 'Vu par hasard.' }))).toBe('NOT_FOUND');
    await rpc.request(C.comment, philippe, { circuitId: circuit.id, comment: 'Merci de citer la déclaration du Conseil du 12 novembre.' });
    const trail = await rpc.request(C.proof, claire, { id: circuit.id });
    expect(trail.entries.at(-1)).toMatchObject({ action: 'circuit.commented', actorId: philippe.id, data: { comment: expect.stringContaining('Conseil') } });
    expect(await errorCode(rpc.request(C.approve, marc, { circuitId: circuit.id, stepId: stepOf(circuit, 0, 1).id }))).toBe('FORBIDDEN');
    expect(await errorCode(rpc.request(C.approve, claire, { circuitId: circuit.id, stepId: stepOf(circuit, 0, 0).id }))).toBe('FORBIDDEN');
    expect((await rpc.request(C.get, philippe, { id: circuit.id })).id).toBe(circuit.id);
    expect(await errorCode(rpc.request(C.start, sophie, pdfCircuit([{ steps: [{ kind: 'visa', actor: { agentId: marc.id } }] }])))).toBe('FORBIDDEN');
  });

  it('lets exactly one of concurrent approvals of the same step win; the others get 409', async () => {
    const circuit = await rpc.request(C.start, claire, pdfCircuit([
      { steps: [{ kind: 'visa', actor: { unitId: 'meae-deur-balkans', role: 'head' } }] },
      { steps: [{ kind: 'signature', actor: { agentId: philippe.id } }] },
    ]));
    const stepId = stepOf(circuit, 0).id;
    const results = await Promise.all(Array.from({ length: 6 }, () => errorCode(rpc.request(C.approve, marc, { circuitId: circuit.id, stepId }))));
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(5);
    const proof = await rpc.request(C.proof, claire, { id: circuit.id });
    expect(proof.entries.filter((e) => e.action === 'step.approved')).toHaveLength(1);
    expect((await events(circuit.id)).filter((e) => e.subject === SignatureEvents.stepCompleted.subject)).toHaveLength(1);
  });

  it('refuses bad input with field details and writes nothing', async () => {
    const before = (await rpc.request(C.status, claire, {})).circuits;
    const noStages = await rpc.raw(C.start.subject, { principal: claire, data: { ...pdfCircuit([]), stages: [] } });
    expect(noStages).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'stages' })] } });
    const notPdf = rpc.request(C.start, claire, pdfCircuit([{ steps: [{ kind: 'visa', actor: { agentId: marc.id } }] }], noteVerbale));
    expect(await errorCode(notPdf)).toBe('VALIDATION_FAILED');
    const badActor = await rpc.raw(C.start.subject, {
      principal: claire, data: pdfCircuit([{ steps: [{ kind: 'visa', actor: { unitId: 'meae-deur', role: 'agent' } }] } as never]),
    });
    expect(badActor).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await errorCode(rpc.request(C.verify, claire, { content: noteVerbale.toString('base64') }))).toBe('VALIDATION_FAILED');
    expect((await rpc.request(C.status, claire, {})).circuits).toBe(before);
  });
});
