const ACCENTS: Record<string, string> = { grave: '\u0300', acute: '\u0301', circ: '\u0302', tilde: '\u0303', uml: '\u0308', ring: '\u030A', cedil: '\u0327' };

/** Named entities a rich-text editor emits in French text; accented letters are derived below. */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ', shy: '',
  laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  hellip: '…', ndash: '–', mdash: '—', middot: '·', bull: '•', deg: '°', euro: '€', pound: '£', copy: '©', reg: '®',
  trade: '™', sect: '§', para: '¶', times: '×', divide: '÷', plusmn: '±', ordm: 'º', ordf: 'ª', sup2: '²', sup3: '³',
  oelig: 'œ', OElig: 'Œ', aelig: 'æ', AElig: 'Æ', szlig: 'ß', oslash: 'ø', Oslash: 'Ø',
};
for (const base of 'aeiouycnAEIOUYCN') {
  for (const [name, mark] of Object.entries(ACCENTS)) {
    const composed = (base + mark).normalize('NFC');
    if (composed.length === 1) NAMED[`${base}${name}`] = composed;
  }
}

// Attribute values may hold '>': quoted strings are skipped as a whole.
const ATTRIBUTES = `(?:[^>"']|"[^"]*"|'[^']*')*`;
const BLOCK_TAG = new RegExp(`<\\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|table|thead|tbody|tr|td|th|blockquote|pre|section|article|header|footer|aside|figure|figcaption)\\b${ATTRIBUTES}>`, 'gi');
const ANY_TAG = new RegExp(`<\\/?[A-Za-z]${ATTRIBUTES}>`, 'g');
// Sentinels used by highlighting and other control characters never reach the index.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * The text of sanitised rich-text HTML, as it is indexed: tags removed (block tags end a line),
 * scripts, styles and comments dropped, character references decoded, spaces collapsed.
 */
export function htmlToText(html: string): string {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(BLOCK_TAG, '\n')
    .replace(ANY_TAG, '');
  // Decoded after the tags are gone, so that "&lt;b&gt;" stays text.
  return decodeEntities(stripped)
    .replace(CONTROL, ' ')
    .split(/\r?\n/)
    .map((line) => line.replace(/[\s\u00A0\u202F\u2007\u2009]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : '\uFFFD';
    }
    return NAMED[ref] ?? whole;
  });
}
