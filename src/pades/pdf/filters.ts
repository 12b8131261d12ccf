/** Stream decoding the reader needs: FlateDecode with PNG/TIFF predictors, bounded against decompression bombs. */
import { constants, inflateSync } from 'node:zlib';
import { PadesError } from '../pades.errors.ts';
import { Dict, Name, type Stream } from './objects.ts';

/** Above this a single decoded stream is refused: a bomb, not a document */
export const MAX_DECODED_BYTES = 64 * 1024 * 1024;
/** And above this for all the structural streams of one file together (many small bombs) */
export const MAX_DECODED_PER_FILE = 256 * 1024 * 1024;

/** What is left to decode for one file; shared by everything that reads it */
export class DecodeBudget {
  left = MAX_DECODED_PER_FILE;
  spend(bytes: number): void {
    this.left -= bytes;
    if (this.left < 0) throw new PadesError('PADES_PDF_INVALID', { reason: `các luồng giải nén vượt tổng ${MAX_DECODED_PER_FILE} byte` });
  }
}

function inflate(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data, { maxOutputLength: MAX_DECODED_BYTES, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new PadesError('PADES_PDF_INVALID', { reason: `luồng giải nén vượt ${MAX_DECODED_BYTES} byte` });
    throw new PadesError('PADES_PDF_INVALID', { reason: `luồng nén hỏng: ${(err as Error).message}` });
  }
}

function unpredict(data: Uint8Array, parms: Dict | undefined): Uint8Array {
  const predictor = typeof parms?.get('Predictor') === 'number' ? (parms.get('Predictor') as number) : 1;
  if (predictor < 10) return data;
  const colors = (parms?.get('Colors') as number) || 1;
  const bits = (parms?.get('BitsPerComponent') as number) || 8;
  const columns = (parms?.get('Columns') as number) || 1;
  const bpp = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowLength = Math.ceil((colors * bits * columns) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLength + i - bpp]! : 0;
      let v = raw;
      if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/** The stream's data with its filters undone; only what cross-reference and object streams use. */
export function decodeStream(stream: Stream, budget?: DecodeBudget): Uint8Array {
  const filter = stream.dict.get('Filter');
  const filters = (Array.isArray(filter) ? filter : filter === undefined ? [] : [filter]).map((f) => (f instanceof Name ? f.value : '?'));
  const parmsValue = stream.dict.get('DecodeParms');
  const parms = (Array.isArray(parmsValue) ? parmsValue : [parmsValue]).map((p) => (p instanceof Dict ? p : undefined));
  let data = stream.data;
  filters.forEach((name, i) => {
    if (name !== 'FlateDecode' && name !== 'Fl') throw new PadesError('PADES_PDF_INVALID', { reason: `bộ lọc ${name} không dùng cho luồng cấu trúc` });
    data = unpredict(inflate(data), parms[i]);
    budget?.spend(data.length);
  });
  return data;
}
