/**
 * Vietnamese text folded for search: lower case, no diacritics, đ as d ("Quyết định" → "quyet dinh"), split
 * into words of letters and digits. Documents and queries go through the same function, and the words are
 * stored already split, so SQLite's FTS5 and PostgreSQL's text search see exactly the same tokens.
 */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

export function searchTokens(text: string): string[] {
  return foldText(text).split(/[^a-z0-9]+/).filter(Boolean);
}
