/**
 * Cleaning of typed or pasted text before any rule reads it: lengths are bounded first (so a huge paste
 * costs nothing), hidden characters are refused rather than stripped (a bidi override or zero-width joiner
 * in a name is a spoof or a copy accident, and silently fixing it would hide it), then NFC so "Nguyễn"
 * typed with combining marks equals the precomposed one, then spaces collapsed and trimmed.
 */

// C0/C1 controls but tab and line breaks (spaces to a single-line field), format characters (bidi
// overrides, zero-width), lone surrogates, non-characters.
const HIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Cs}\uFFFE\uFFFF]/u;

export type Cleaned = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'too-long' | 'hidden' };

/** NFC can grow a string about threefold; anything past this is refused before it is normalised. */
const rawLimit = (max: number) => max * 4 + 64;

export function cleanText(raw: string, max: number, multiline = false): Cleaned {
  if (raw.length > rawLimit(max)) return { ok: false, reason: 'too-long' };
  if (HIDDEN.test(raw)) return { ok: false, reason: 'hidden' };
  const nfc = raw.normalize('NFC');
  const text = multiline
    ? nfc.replace(/\r\n?/g, '\n').split('\n').map((line) => line.replace(/[^\S\n]+/g, ' ').trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim()
    : nfc.replace(/\s+/g, ' ').trim();
  if (codePointLength(text) > max) return { ok: false, reason: 'too-long' };
  return { ok: true, text };
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
