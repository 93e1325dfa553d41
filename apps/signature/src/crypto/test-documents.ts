import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A one-page formal letter as a PDF with a classic xref table (what the plain placeholder signs). */
export async function formalLetterPdf(extraPages = 0): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const lines = [
    'Ministere de l\'Europe et des Affaires etrangeres',
    'Direction de l\'Europe continentale',
    '',
    'Objet : reponse a la demande de l\'ambassade de Serbie',
    '',
    'Monsieur l\'Ambassadeur,',
    'J\'ai l\'honneur de vous faire connaitre la position de la France sur l\'ouverture du groupe de chapitres.',
  ];
  lines.forEach((line, i) => page.drawText(line, { x: 60, y: 780 - i * 18, size: 11, font }));
  for (let i = 0; i < extraPages; i++) doc.addPage([595, 842]).drawText(`Annexe ${i + 1}`, { x: 60, y: 780, size: 11, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
