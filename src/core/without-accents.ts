/** Text with its accents and other combining marks taken off ("São Paulo" -> "Sao Paulo"), for matching and slugs. */
export function withoutAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}
