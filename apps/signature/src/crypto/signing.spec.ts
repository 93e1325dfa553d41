import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributeOf, certificateFromPem, certificateToPem, issueRootCa, issueSignerCertificate } from './certificates';
import { chainsTo, signDetached, verifyDetached } from './cms';
import { SigningIdentity } from './key-store';
import { signPdf, verifyPdf } from './pades';
import { formalLetterPdf } from './test-documents';

const ca = issueRootCa();
/** As the key store hands them out: certificates parsed back from storage. */
const identity = (id: string, displayName: string): SigningIdentity => {
  const issued = issueSignerCertificate(ca, { id, displayName });
  const certificate = certificateFromPem(certificateToPem(issued.certificate));
  return { privateKey: issued.privateKey, certificate, chain: [certificate, certificateFromPem(certificateToPem(ca.certificate))] };
};
const philippe = identity('0b9f0c6e-7d0e-4e55-9d4b-0c8f3b4d2a11', 'Philippe Garnier');
const marc = identity('5a1d3c2b-8e4f-4a6b-9c7d-1e2f3a4b5c6d', 'Marc Lefèvre');

const dir = mkdtempSync(join(tmpdir(), 'signature-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const flipOneByte = (content: Buffer, at: number) => {
  const copy = Buffer.from(content);
  copy[at] ^= 0x01;
  return copy;
};

describe(signDetached.name, () => {
  const letter = Buffer.from('Note verbale n° 2026-0417 — l\'ambassade de France présente ses compliments au ministère serbe des Affaires étrangères.');
  const sut = signDetached(letter, philippe);
  const caPem = file('ca.pem', certificateToPem(ca.certificate));
  const opensslVerify = (content: Buffer) =>
    spawnSync('openssl', ['cms', '-verify', '-binary', '-content', file('doc', content), '-inform', 'DER', '-in', file('sig.p7s', sut),
      '-CAfile', caPem, '-purpose', 'any', '-out', '/dev/null']);

  it('is accepted by openssl cms -verify against the platform CA', () => {
    const result = opensslVerify(letter);
    expect(result.stderr.toString()).toContain('Verification successful');
    expect(result.status).toBe(0);
  });

  it('is refused by openssl for a copy altered by one byte', () => {
    const result = opensslVerify(flipOneByte(letter, 10));
    expect(result.status).not.toBe(0);
    expect(result.stderr.toString()).toMatch(/digest failure|verification failure/i);
  });

  it('verifies with our own reader: signer, time, chain, integrity', () => {
    const [check] = verifyDetached(letter, sut);
    expect(check.integrity).toBe(true);
    expect(attributeOf(check.certificate!, 'CN')).toBe('Philippe Garnier');
    expect(check.signingTime).toBeInstanceOf(Date);
    expect(chainsTo(check.certificate!, check.certificates, ca.certificate)).toBe(true);
    expect(verifyDetached(flipOneByte(letter, 0), sut)[0].integrity).toBe(false);
  });

  it('does not chain to another platform\'s CA', () => {
    const [check] = verifyDetached(letter, sut);
    expect(chainsTo(check.certificate!, check.certificates, issueRootCa('Autre autorité').certificate)).toBe(false);
  });
});

describe(signPdf.name, () => {
  const pdfsig = (pdf: Buffer) => execFileSync('pdfsig', [file(`doc-${Math.random()}.pdf`, pdf)], { encoding: 'utf8' });
  let once: Buffer;
  let twice: Buffer;

  beforeAll(async () => {
    const letter = await formalLetterPdf();
    once = (await signPdf(letter, { identity: marc, name: 'Marc Lefèvre', reason: 'Signe par Marc Lefevre' })).pdf;
    twice = (await signPdf(once, { identity: philippe, name: 'Philippe Garnier', reason: 'Signe par delegation de Marc Lefevre' })).pdf;
  });

  it('embeds a signature that pdfsig finds valid', () => {
    const out = pdfsig(once);
    expect(out).toContain('Signature #1');
    expect(out).toContain('Signature Validation: Signature is Valid.');
  });

  it('keeps the first signature valid when a second is appended (incremental update)', () => {
    const out = pdfsig(twice);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(twice.subarray(0, once.length).equals(once)).toBe(true);
  });

  it('is reported as tampered by pdfsig when one signed byte changes', () => {
    const at = twice.indexOf('Monsieur') > 0 ? twice.indexOf('Monsieur') : 200;
    const out = pdfsig(flipOneByte(twice, at > 0 ? at : 200));
    expect(out).not.toMatch(/Signature Validation: Signature is Valid\.[\s\S]*Signature Validation: Signature is Valid\./);
    expect(out).toMatch(/Digest Mismatch|Signature is Invalid/);
  });

  it('verifies with our own reader: both signers, the reasons, which signature covers the whole file', () => {
    const [first, second] = verifyPdf(twice);
    expect(first).toMatchObject({ integrity: true, coversWholeDocument: false, reason: 'Signe par Marc Lefevre' });
    expect(second).toMatchObject({ integrity: true, coversWholeDocument: true, reason: 'Signe par delegation de Marc Lefevre' });
    expect(attributeOf(second.certificate!, 'CN')).toBe('Philippe Garnier');
  });
});
