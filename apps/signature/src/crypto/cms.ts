import { createHash, verify as verifySignature } from 'node:crypto';
import forge from 'node-forge';
import { issuerAttributes, textOf } from './certificates';
import { SigningIdentity } from './key-store';

const { asn1, pki, pkcs7 } = forge;
const oids = pki.oids;

/** A detached CMS (PKCS#7) SignedData over `content`, SHA-256 with signed attributes (CAdES-BES shape). */
export function signDetached(content: Buffer, identity: SigningIdentity, signingTime = new Date()): Buffer {
  const p7 = pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  for (const cert of identity.chain) p7.addCertificate(cert);
  // Issuer and serial given instead of the certificate: node-forge would re-encode a parsed
  // certificate's UTF-8 issuer name twice, and verifiers would then not find the signer.
  const signer = {
    key: identity.privateKey,
    issuer: issuerAttributes(identity.certificate),
    serialNumber: identity.certificate.serialNumber,
    digestAlgorithm: oids.sha256,
    authenticatedAttributes: [
      { type: oids.contentType, value: oids.data },
      // node-forge takes a Date for signingTime although its types say string.
      { type: oids.signingTime, value: signingTime as unknown as string },
      { type: oids.messageDigest },
    ],
  };
  p7.addSigner(signer as unknown as Parameters<typeof p7.addSigner>[0]);
  p7.sign({ detached: true });
  return Buffer.from(asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

export interface CmsCheck {
  certificate: forge.pki.Certificate | null;
  certificates: forge.pki.Certificate[];
  signingTime: Date | null;
  /** The signed attributes' digest equals the content's, and the RSA signature over them verifies. */
  integrity: boolean;
}

interface Asn1Node {
  tagClass: number;
  type: number;
  constructed: boolean;
  value: Asn1Node[] | string;
}

const children = (node: Asn1Node): Asn1Node[] => (Array.isArray(node.value) ? node.value : []);
const oidOf = (node: Asn1Node) => asn1.derToOid(node.value as string);

/**
 * Verifies a detached CMS signature of `content`. node-forge parses CMS but does not verify it,
 * so this reads the SignerInfo with forge's ASN.1 parser and checks digest and signature with
 * Node's crypto: no cryptography is written here, only the structure is read.
 */
export function verifyDetached(content: Buffer, signature: Buffer): CmsCheck[] {
  const root = asn1.fromDer(forge.util.createBuffer(signature.toString('binary')), { parseAllBytes: false, strict: false } as unknown as boolean) as unknown as Asn1Node;
  const message = pkcs7.messageFromAsn1(root as unknown as forge.asn1.Asn1) as forge.pkcs7.PkcsSignedData;
  const certificates = message.certificates ?? [];
  // ContentInfo → [0] → SignedData → last SET = signerInfos.
  const signedData = children(children(root)[1])[0];
  const signerInfos = children(signedData).filter((n) => n.tagClass === asn1.Class.UNIVERSAL && n.type === asn1.Type.SET).at(-1);
  return children(signerInfos ?? ({ value: [] } as unknown as Asn1Node)).map((info) => checkSignerInfo(info, content, certificates));
}

function checkSignerInfo(info: Asn1Node, content: Buffer, certificates: forge.pki.Certificate[]): CmsCheck {
  const parts = children(info);
  const sid = parts[1];
  const serial = forge.util.bytesToHex(children(sid)[1]?.value as string).replace(/^0+/, '');
  const certificate = certificates.find((c) => c.serialNumber.replace(/^0+/, '') === serial) ?? null;
  const signedAttrs = parts.find((p) => p.tagClass === asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
  const signatureValue = [...parts].reverse().find((p) => p.tagClass === asn1.Class.UNIVERSAL && p.type === asn1.Type.OCTETSTRING);
  let messageDigest: string | null = null;
  let signingTime: Date | null = null;
  for (const attr of signedAttrs ? children(signedAttrs) : []) {
    const [type, values] = children(attr);
    const value = children(values)[0];
    if (oidOf(type) === oids.messageDigest) messageDigest = forge.util.bytesToHex(value.value as string);
    if (oidOf(type) === oids.signingTime) {
      signingTime = value.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(value.value as string) : asn1.generalizedTimeToDate(value.value as string);
    }
  }
  let integrity = false;
  if (certificate && signedAttrs && signatureValue && messageDigest) {
    const digestMatches = createHash('sha256').update(content).digest('hex') === messageDigest;
    // The signature covers the signed attributes DER-encoded as a SET (RFC 5652 §5.4).
    const asSet = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, signedAttrs.value as unknown as forge.asn1.Asn1[]);
    const signedBytes = Buffer.from(asn1.toDer(asSet).getBytes(), 'binary');
    const signatureMatches = verifySignature(
      'sha256', signedBytes, pki.publicKeyToPem(certificate.publicKey), Buffer.from(signatureValue.value as string, 'binary'),
    );
    integrity = digestMatches && signatureMatches;
  }
  return { certificate, certificates, signingTime, integrity };
}

/** The subjects from `leaf` up to a self-signed root, using the certificates at hand. */
export function chainOf(leaf: forge.pki.Certificate, pool: forge.pki.Certificate[]): forge.pki.Certificate[] {
  const chain = [leaf];
  let current = leaf;
  while (!current.isIssuer(current) && chain.length < 10) {
    const issuer = pool.find((c) => c.subject.hash === current.issuer.hash && c !== current);
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

/** Whether `leaf` verifies up to `root` (signatures and validity dates). */
export function chainsTo(leaf: forge.pki.Certificate, pool: forge.pki.Certificate[], caCertificate: forge.pki.Certificate): boolean {
  // Parsed certificates carry the subject hashes the CA store looks up; freshly built ones do not.
  const root = pki.certificateFromPem(pki.certificateToPem(caCertificate));
  try {
    const chain = chainOf(leaf, pool.filter((c) => c.subject.hash !== root.subject.hash).concat(root));
    const top = chain.at(-1);
    if (!top || pki.certificateToPem(top) !== pki.certificateToPem(root)) return false;
    return pki.verifyCertificateChain(pki.createCaStore([root]), chain);
  } catch {
    return false;
  }
}

export function subjectOf(cert: forge.pki.Certificate): string {
  return cert.subject.attributes.map((a) => `${a.shortName ?? a.name}=${textOf(a)}`).join(', ');
}
