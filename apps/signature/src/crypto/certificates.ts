import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

const { pki } = forge;
const ORGANISATION = 'Diplomatie';
/** Private keys at rest: PKCS#8 encrypted with AES-256 under a key derived from the environment's secret. */
const KEY_ENCRYPTION = { algorithm: 'aes256' as const };

export interface IssuedKey {
  certificate: forge.pki.Certificate;
  privateKey: forge.pki.rsa.PrivateKey;
}

function serialNumber(): string {
  // Positive 128-bit serial: a leading 01 byte keeps the DER integer's sign bit clear.
  return `01${randomBytes(16).toString('hex')}`;
}

function keyPair(): forge.pki.rsa.KeyPair {
  // node-forge uses Node's native generator when it is available (fast enough for a first signature).
  return pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
}

/** X.509 names as UTF8String (node-forge encodes and decodes the UTF-8 itself for this tag). */
function name(shortName: string, value: string) {
  return { name: shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}

/**
 * An attribute's value as a JavaScript string. node-forge encodes UTF8String values when it writes
 * them but leaves them as UTF-8 bytes when it parses a certificate, so parsed values are decoded here.
 */
export function textOf(attr: { value?: unknown; valueTagClass?: unknown }): string {
  const value = String(attr.value ?? '');
  if (attr.valueTagClass !== forge.asn1.Type.UTF8 || /[\u0100-\uffff]/.test(value)) return value;
  try {
    return forge.util.decodeUtf8(value);
  } catch {
    return value; // already a JavaScript string (a certificate built here, not parsed)
  }
}

/** A subject attribute (`CN`, `serialNumber`…) as a JavaScript string. */
export function attributeOf(cert: forge.pki.Certificate, field: string | { type: string }): string | null {
  const attr = cert.subject.getField(field) as { value?: string } | null;
  return attr ? textOf(attr) : null;
}

/** Name attributes as node-forge must be given them to re-encode the name byte for byte. */
export function decoded(attributes: forge.pki.CertificateField[]): forge.pki.CertificateField[] {
  return attributes.map((a) => ({ ...a, value: textOf(a) }));
}

export const issuerAttributes = (cert: forge.pki.Certificate) => decoded(cert.issuer.attributes);

/** X.520 serialNumber (2.5.4.5): node-forge knows it by another name, so it is addressed by OID. */
export const SERIAL_NUMBER_OID = '2.5.4.5';

function yearsFromNow(years: number, from = new Date()): Date {
  const d = new Date(from);
  d.setFullYear(d.getFullYear() + years);
  return d;
}

/** The platform's root: self-signed, 10 years. */
export function issueRootCa(commonName = 'Diplomatie — autorité de certification du parapheur'): IssuedKey {
  const keys = keyPair();
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = yearsFromNow(10);
  const attrs = [name('commonName', commonName), name('organizationName', ORGANISATION)];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certificate: cert, privateKey: keys.privateKey };
}

/** A signer's certificate (an agent, or the service itself), issued by the platform CA for 2 years. */
export function issueSignerCertificate(ca: IssuedKey, subject: { id: string; displayName: string }): IssuedKey {
  const keys = keyPair();
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = yearsFromNow(2);
  cert.setSubject([
    name('commonName', subject.displayName),
    // The agent id, so that a verifier maps the certificate back to the directory.
    { type: SERIAL_NUMBER_OID, value: subject.id, valueTagClass: forge.asn1.Type.PRINTABLESTRING as unknown as forge.asn1.Class },
    name('organizationName', ORGANISATION),
  ]);
  cert.setIssuer(decoded(ca.certificate.subject.attributes));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.certificate.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());
  return { certificate: cert, privateKey: keys.privateKey };
}

export function encryptKey(key: forge.pki.rsa.PrivateKey, secret: string): string {
  return pki.encryptRsaPrivateKey(key, secret, KEY_ENCRYPTION);
}

export function decryptKey(pem: string, secret: string): forge.pki.rsa.PrivateKey {
  const key = pki.decryptRsaPrivateKey(pem, secret);
  if (!key) throw new Error('cannot decrypt a key of the key store: SIGNATURE_KEYSTORE_SECRET changed?');
  return key;
}

export const certificateToPem = (cert: forge.pki.Certificate) => pki.certificateToPem(cert);
export const certificateFromPem = (pem: string) => pki.certificateFromPem(pem);
