import sanitizeHtml from 'sanitize-html';

/**
 * The allow-list of a publication's rich text: formatting, links and simple tables. No script,
 * style, frame, form or image (remote images would tell a third party who reads what), no event
 * handler or style attribute, and links only to http, https and mailto.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'a',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Dropped with their content: their text is code or styling, never prose.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math'],
  disallowedTagsMode: 'discard',
  // A link leaving the platform must not hand it the opener or the referrer.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
};
// `rel` is set by the transform above; allow it through the attribute filter that runs after it.
(OPTIONS.allowedAttributes as Record<string, string[]>)['a'].push('rel');

/** The body as stored and served: only the allow-list survives; plain text stays text. */
export function sanitiseBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}
