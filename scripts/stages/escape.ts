// escape: every value interpolated into HTML goes through here.

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * Escapes text for a CSS double-quoted string (used in @page content): everything but
 * letters, digits and spaces becomes a hex escape, so no value can close the string,
 * the rule or the <style> element around it.
 * @example escapeCssString('a</style>') // 'a\\00003c \\00002f style\\00003e '
 */
export function escapeCssString(s: string): string {
  return s.replace(
    /[^\p{L}\p{N} ]/gu,
    (c) => `\\${(c.codePointAt(0) ?? 0).toString(16).padStart(6, '0')} `,
  );
}

/** Human-readable byte size: 48.2 kB. */
export function formatBytes(bytes: number, locale = 'en-GB'): string {
  const nf = (n: number, d: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: d, minimumFractionDigits: d }).format(n);
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${nf(bytes / 1000, 1)} kB`;
  return `${nf(bytes / 1_000_000, 2)} MB`;
}
