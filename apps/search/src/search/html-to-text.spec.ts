import { decodeEntities, htmlToText } from './html-to-text';

describe(htmlToText.name, () => {
  const sut = htmlToText;

  it('keeps the text of a telegram body, one line per block, inline tags dissolved', () => {
    const body =
      '<p><strong>Résumé :</strong> le gouvernement serbe a confirmé sa volonté de rouvrir les négociations.</p>' +
      '<p>1. La ministre a rappelé les critères<br>d’ouverture.</p><ul><li>chapitre 23</li><li>chapitre 24</li></ul>';
    expect(sut(body)).toBe(
      'Résumé : le gouvernement serbe a confirmé sa volonté de rouvrir les négociations.\n' +
        '1. La ministre a rappelé les critères\nd’ouverture.\nchapitre 23\nchapitre 24',
    );
  });

  it('decodes named, decimal and hexadecimal character references', () => {
    expect(sut('<p>l&rsquo;&Eacute;tat de droit &laquo;&nbsp;fondamentaux&nbsp;&raquo; &#8211; Ni&#x161; &amp; Dimitrovgrad, c&oelig;ur</p>')).toBe(
      'l’État de droit « fondamentaux » – Niš & Dimitrovgrad, cœur',
    );
  });

  it('keeps escaped markup as text and leaves unknown references alone', () => {
    expect(sut('<p>&lt;script&gt;alert(1)&lt;/script&gt; &unknown; &#0; &#xD800;</p>')).toBe('<script>alert(1)</script> &unknown; \uFFFD \uFFFD');
  });

  it('drops scripts, styles, comments and attributes', () => {
    expect(sut('<style>p { color: red }</style><p class="x" data-a=">">Belgrade<!-- brouillon --></p><script>var a = "<p>";</script>')).toBe('Belgrade');
  });

  it('keeps a lone "<" of the text', () => {
    expect(sut('<p>inflation < 3 % et croissance > 2 %</p>')).toBe('inflation < 3 % et croissance > 2 %');
  });

  it('collapses spaces, including non-breaking ones, and removes control characters', () => {
    expect(sut('  <div>Coreper\u00A0:\u202Fréunion   du \t mardi\u0002</div>\r\n\r\n<div></div>  ')).toBe('Coreper : réunion du mardi');
  });

  it('returns plain text unchanged', () => {
    expect(sut('Serbie — revue de presse')).toBe('Serbie — revue de presse');
    expect(sut('')).toBe('');
  });
});

describe(decodeEntities.name, () => {
  it('derives the accented letters of French', () => {
    expect(decodeEntities('&agrave;&acirc;&ccedil;&egrave;&eacute;&ecirc;&euml;&icirc;&iuml;&ocirc;&ugrave;&ucirc;&uuml;&yuml;&Agrave;&Ccedil;&Ecirc;')).toBe('àâçèéêëîïôùûüÿÀÇÊ');
  });
});
