import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ApiUser } from './api-client';
import { platformInfo } from './platform';

interface Step {
  id: string;
  kind: string;
  status: string;
  actedBy: string | null;
  signatureId: string | null;
}
interface Circuit {
  id: string;
  status: string;
  currentStage: number | null;
  document: { sha256: string; signedSha256: string | null };
  stages: { index: number; mode: string; steps: Step[] }[];
}
interface Verification {
  format: string;
  signatures: { signer: { commonName: string; agentId: string | null }; signingTime: string; chain: string[]; trusted: boolean; integrity: boolean; coversWholeDocument: boolean }[];
}

/** A formal letter as a PDF with a classic cross-reference table. */
async function formalLetter(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText('Direction de l\'Europe continentale', { x: 60, y: 780, size: 12, font });
  page.drawText('Objet : ouverture du groupe de chapitres n. 3 avec la Serbie', { x: 60, y: 750, size: 11, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A file download: the bytes as sent, with the caller's bearer token. */
async function download(login: string, path: string): Promise<{ status: number; bytes: Buffer; contentType: string | null }> {
  const { gatewayUrl } = platformInfo();
  const token = await fetch(`${gatewayUrl}/api/v1/auth/dev/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login }),
  }).then(async (r) => ((await r.json()) as { accessToken: string }).accessToken);
  const res = await fetch(`${gatewayUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
}

/**
 * The parapheur over HTTP: Claire starts a circuit on a formal letter, Marc Lefèvre gives his
 * visa, the head of the Direction de l'Europe continentale (Philippe Garnier) signs, and anyone
 * verifies the signed PDF; an unrelated agent and a journalist see nothing.
 */
describe('parapheur (end-to-end)', () => {
  let claire: ApiUser;
  let marc: ApiUser;
  let philippe: ApiUser;
  let amina: ApiUser;
  let sophie: ApiUser;
  let marcId: string;
  let circuit: Circuit;

  beforeAll(async () => {
    [claire, marc, philippe, amina, sophie] = await Promise.all(
      ['claire.moreau', 'marc.lefevre', 'philippe.garnier', 'amina.diallo', 'sophie.laurent'].map((login) => ApiUser.login(login)),
    );
    marcId = (await marc.get<{ id: string }>('/api/v1/me')).body.id;
  });

  it('starts a two-stage circuit: visa by Marc Lefèvre, then signature by the head of meae-deur', async () => {
    const res = await claire.post<Circuit>('/api/v1/circuits', {
      title: 'Lettre à l\'ambassadeur de Serbie — ouverture du groupe de chapitres',
      document: { name: 'lettre-ambassadeur.pdf', mediaType: 'application/pdf', content: (await formalLetter()).toString('base64') },
      stages: [
        { steps: [{ kind: 'visa', actor: { agentId: marcId } }] },
        { steps: [{ kind: 'signature', actor: { unitId: 'meae-deur', role: 'head' } }] },
      ],
    });
    expect(res.status).toBe(201);
    circuit = res.body;
    expect(circuit).toMatchObject({ status: 'in_progress', currentStage: 0 });
  });

  it('refuses bad input with field details', async () => {
    const res = await claire.post<{ details: { path: string }[] }>('/api/v1/circuits', { title: 'Sans étapes', stages: [] });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.path)).toEqual(expect.arrayContaining(['document', 'stages']));
  });

  it('answers 404 to an unrelated agent and to a journalist, on every route', async () => {
    const visa = circuit.stages[0].steps[0].id;
    for (const outsider of [amina, sophie]) {
      expect((await outsider.get(`/api/v1/circuits/${circuit.id}`)).status).toBe(404);
      expect((await outsider.post(`/api/v1/circuits/${circuit.id}/steps/${visa}/approve`)).status).toBe(404);
      expect((await outsider.get(`/api/v1/circuits/${circuit.id}/proof`)).status).toBe(404);
    }
    expect((await download('amina.diallo', `/api/v1/circuits/${circuit.id}/document`)).status).toBe(404);
  });

  it('refuses the signature before the visa (409), then the visa by someone else (403)', async () => {
    const signatureStep = circuit.stages[1].steps[0].id;
    expect((await philippe.post(`/api/v1/circuits/${circuit.id}/steps/${signatureStep}/sign`)).status).toBe(409);
    expect((await philippe.post(`/api/v1/circuits/${circuit.id}/steps/${circuit.stages[0].steps[0].id}/approve`)).status).toBe(403);
  });

  it('takes the visa, then the signature, and completes the circuit', async () => {
    const approved = await marc.post<Circuit>(`/api/v1/circuits/${circuit.id}/steps/${circuit.stages[0].steps[0].id}/approve`, { comment: 'Vu.' });
    expect(approved.status).toBe(200);
    expect(approved.body.currentStage).toBe(1);
    const signed = await philippe.post<Circuit>(`/api/v1/circuits/${circuit.id}/steps/${circuit.stages[1].steps[0].id}/sign`);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'completed', currentStage: null });
    circuit = signed.body;
  });

  it('gives the signed PDF, which verifies: signer, time, chain to the platform CA, integrity; a changed byte is detected', async () => {
    const pdf = await download('claire.moreau', `/api/v1/circuits/${circuit.id}/document?version=signed`);
    expect(pdf).toMatchObject({ status: 200, contentType: 'application/pdf' });
    const res = await amina.post<Verification>('/api/v1/signatures/verify', { content: pdf.bytes.toString('base64') });
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('pades');
    expect(res.body.signatures).toHaveLength(1);
    expect(res.body.signatures[0]).toMatchObject({ signer: { commonName: 'Philippe Garnier' }, trusted: true, integrity: true, coversWholeDocument: true });
    expect(res.body.signatures[0].chain).toHaveLength(2);
    const tampered = Buffer.from(pdf.bytes);
    tampered[400] ^= 0x01;
    const checked = await amina.post<Verification>('/api/v1/signatures/verify', { content: tampered.toString('base64') });
    expect(checked.body.signatures[0].integrity).toBe(false);
  });

  it('returns the trail of every action, and its verification', async () => {
    const proof = await marc.get<{ entries: { action: string; actorId: string }[]; length: number }>(`/api/v1/circuits/${circuit.id}/proof`);
    expect(proof.status).toBe(200);
    expect(proof.body.entries.map((e) => e.action)).toEqual(['circuit.started', 'step.approved', 'step.signed', 'circuit.completed']);
    const verified = await claire.post(`/api/v1/circuits/${circuit.id}/proof/verify`);
    expect(verified).toMatchObject({ status: 200, body: { valid: true, problems: [] } });
  });
});
