/**
 * Signatures per second on a 1 MB PDF (PAdES, incremental) and on a 1 MB file (detached CMS),
 * with the parapheur's own signing code and a key issued by a fresh platform CA. Prints figures;
 * asserts nothing. Run: npx ts-node --transpile-only -P tools/tsconfig.json bench/signature/signatures-per-second.ts [rounds]
 */
import { randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { certificateFromPem, certificateToPem, issueRootCa, issueSignerCertificate } from '../../apps/signature/src/crypto/certificates';
import { signDetached, verifyDetached } from '../../apps/signature/src/crypto/cms';
import { signPdf, verifyPdf } from '../../apps/signature/src/crypto/pades';

async function pdfOfAbout(bytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  let pdf = Buffer.alloc(0);
  while (pdf.length < bytes) {
    for (let p = 0; p < 10; p++) {
      const page = doc.addPage([595, 842]);
      for (let line = 0; line < 60; line++) page.drawText(randomBytes(30).toString('hex'), { x: 30, y: 800 - line * 12, size: 8, font });
    }
    pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  }
  return pdf;
}

async function timed(rounds: number, work: () => Promise<unknown> | unknown): Promise<{ perSecond: number; meanMs: number }> {
  await work(); // warm-up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await work();
  const ms = performance.now() - start;
  return { perSecond: Math.round((rounds / ms) * 1000 * 10) / 10, meanMs: Math.round((ms / rounds) * 10) / 10 };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 20);
  let started = performance.now();
  const ca = issueRootCa();
  const caMs = performance.now() - started;
  started = performance.now();
  const issued = issueSignerCertificate(ca, { id: '5a1d3c2b-8e4f-4a6b-9c7d-1e2f3a4b5c6d', displayName: 'Philippe Garnier' });
  const keyMs = performance.now() - started;
  const certificate = certificateFromPem(certificateToPem(issued.certificate));
  const identity = { privateKey: issued.privateKey, certificate, chain: [certificate, certificateFromPem(certificateToPem(ca.certificate))] };

  const pdf = await pdfOfAbout(1_000_000);
  const file = randomBytes(1_000_000);
  const pades = await timed(rounds, () => signPdf(pdf, { identity, name: 'Philippe Garnier', reason: 'Signe par Philippe Garnier' }));
  const signed = (await signPdf(pdf, { identity, name: 'Philippe Garnier', reason: 'bench' })).pdf;
  const second = await timed(rounds, () => signPdf(signed, { identity, name: 'Marc Lefevre', reason: 'bench' }));
  const cms = await timed(rounds, () => signDetached(file, identity));
  const p7s = signDetached(file, identity);
  const verifyPades = await timed(rounds, () => verifyPdf(signed));
  const verifyCms = await timed(rounds, () => verifyDetached(file, p7s));

  const figures = {
    node: process.version,
    rounds,
    pdfBytes: pdf.length,
    issueCaMs: Math.round(caMs),
    issueSignerKeyMs: Math.round(keyMs),
    padesFirstSignature: pades,
    padesSecondSignature: second,
    cmsDetached1MB: cms,
    verifyPades: verifyPades,
    verifyCms1MB: verifyCms,
  };
  console.log(JSON.stringify(figures, null, 2));
}

void main();
