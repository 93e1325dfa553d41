import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { extractSignature, Signer } from '@signpdf/utils';
import { SigningIdentity } from './key-store';
import { signDetached, verifyDetached, CmsCheck } from './cms';

/** Room for the CMS in the placeholder: a 2048-bit signature and a two-certificate chain fit with margin. */
const SIGNATURE_LENGTH = 8192;

/** @signpdf's signer interface over our CMS: the PDF's signed byte ranges go in, a detached CMS comes out. */
class KeyStoreSigner extends Signer {
  lastSignature?: Buffer;
  constructor(private readonly identity: SigningIdentity) {
    super();
  }
  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    this.lastSignature = signDetached(pdfBuffer, this.identity, signingTime ?? new Date());
    return this.lastSignature;
  }
}

export interface PdfSignatureRequest {
  identity: SigningIdentity;
  name: string;
  reason: string;
  signingTime?: Date;
}

export function isPdf(content: Buffer): boolean {
  return content.subarray(0, 5).toString('latin1') === '%PDF-';
}

/**
 * Whether we can sign this PDF: the plain placeholder appends an incremental update, which needs a
 * classic cross-reference table (PDFs with xref streams are refused at start, not at the last step).
 */
export function assertSignablePdf(pdf: Buffer): void {
  plainAddPlaceholder({ pdfBuffer: pdf, reason: 'check', contactInfo: '', name: 'check', location: '' });
}

/** Appends a PAdES signature as an incremental update: earlier signatures keep their byte ranges. */
export async function signPdf(pdf: Buffer, request: PdfSignatureRequest): Promise<{ pdf: Buffer; cms: Buffer }> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: ascii(request.reason),
    contactInfo: '',
    name: ascii(request.name),
    location: 'Diplomatie — parapheur électronique',
    signingTime: request.signingTime,
    signatureLength: SIGNATURE_LENGTH,
  });
  const signer = new KeyStoreSigner(request.identity);
  const signed = await new SignPdf().sign(withPlaceholder, signer, request.signingTime);
  if (!signer.lastSignature) throw new Error('the PDF signer produced no signature');
  return { pdf: signed, cms: signer.lastSignature };
}

/**
 * The plain placeholder writes non-ASCII dictionary strings as UTF-16 and then re-encodes them as
 * UTF-8, which garbles them; accents are dropped instead (the certificate keeps the exact name).
 */
function ascii(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '?');
}

export interface PdfSignatureCheck extends CmsCheck {
  coversWholeDocument: boolean;
  reason: string | null;
}

/** Every signature of a PDF, in file order, with what its byte ranges cover. */
export function verifyPdf(pdf: Buffer): PdfSignatureCheck[] {
  const count = pdf.toString('latin1').split('/ByteRange [').length - 1;
  const checks: PdfSignatureCheck[] = [];
  for (let n = 1; n <= count; n++) {
    const { ByteRange, signature, signedData } = extractSignature(pdf, n) as { ByteRange: number[]; signature: string; signedData: Buffer };
    const [cms] = verifyDetached(signedData, Buffer.from(signature, 'binary'));
    const end = ByteRange[2] + ByteRange[3];
    checks.push({
      ...(cms ?? { certificate: null, certificates: [], signingTime: null, integrity: false }),
      coversWholeDocument: end === pdf.length,
      reason: reasonNear(pdf, ByteRange[0] + ByteRange[1]),
    });
  }
  return checks;
}

/** The `/Reason` of the signature dictionary holding the `/Contents` at `contentsAt`. */
function reasonNear(pdf: Buffer, contentsAt: number): string | null {
  const before = pdf.subarray(Math.max(0, contentsAt - 4096), contentsAt).toString('latin1');
  const after = pdf.subarray(contentsAt, contentsAt + SIGNATURE_LENGTH * 2 + 4096).toString('latin1');
  const dict = before.slice(before.lastIndexOf(' obj')) + after.slice(0, after.indexOf('endobj'));
  const match = /\/Reason\s*\(((?:\\.|[^\\)])*)\)/.exec(dict);
  return match ? decodePdfString(match[1]) : null;
}

const PDF_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** A PDF literal string: escapes undone, UTF-16BE when it starts with a byte-order mark. */
function decodePdfString(raw: string): string {
  const bytes = Buffer.from(raw.replace(/\\(.)/gs, (_, c: string) => PDF_ESCAPES[c] ?? c), 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}
