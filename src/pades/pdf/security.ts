/**
 * The standard security handler (ISO 32000-2 §7.6.4) for files that open without a password: many public
 * forms are "encrypted" only to restrict editing (an empty user password, like the FDA form in the corpus).
 * RC4 (R2–R4), AES-128 (AESV2) and AES-256 (R5, R6) are read, and new objects of an update are encrypted the
 * same way, so that such files can be validated and signed. Files that need a password are refused.
 * RC4 is written here because OpenSSL 3 only offers it in its legacy provider, which Node does not load.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Dict, Str, type PdfValue } from './objects.ts';

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const bytesOf = (value: PdfValue | undefined): Uint8Array => (value instanceof Str ? value.bytes : new Uint8Array());
const le32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32LE(n); return b; };

/** ISO 32000-2 Algorithm 2.B: the R6 password hash */
function hashR6(password: Uint8Array, salt: Uint8Array, udata: Uint8Array): Buffer {
  let k = createHash('sha256').update(password).update(salt).update(udata).digest();
  for (let i = 0; ; i++) {
    const k1 = Buffer.concat(Array(64).fill(Buffer.concat([password, k, udata])));
    const cipher = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
    cipher.setAutoPadding(false);
    const e = Buffer.concat([cipher.update(k1), cipher.final()]);
    let sum = 0;
    for (let j = 0; j < 16; j++) sum += e[j]!;
    k = createHash(['sha256', 'sha384', 'sha512'][sum % 3]!).update(e).digest();
    if (i >= 63 && e[e.length - 1]! <= i - 31) break;
  }
  return k.subarray(0, 32);
}

type Method = 'none' | 'rc4' | 'aesv2' | 'aesv3';

export class SecurityHandler {
  private constructor(readonly key: Uint8Array, readonly strings: Method, readonly streams: Method, readonly encryptMetadata: boolean, readonly revision: number) {}

  /** The handler for an empty user password, or undefined when the file needs a real one */
  static open(encrypt: Dict, id: Uint8Array): SecurityHandler | undefined {
    if (encrypt.name('Filter') !== 'Standard') return undefined;
    const r = Number(encrypt.get('R'));
    const v = Number(encrypt.get('V'));
    const o = bytesOf(encrypt.get('O'));
    const u = bytesOf(encrypt.get('U'));
    const p = Number(encrypt.get('P'));
    const encryptMetadata = encrypt.get('EncryptMetadata') !== false;
    const methodOf = (filterName: string | undefined): Method => {
      if (v < 4) return 'rc4';
      if (!filterName || filterName === 'Identity') return 'none';
      const cf = encrypt.get('CF');
      const filter = cf instanceof Dict ? cf.get(filterName) : undefined;
      const cfm = filter instanceof Dict ? filter.name('CFM') : undefined;
      return cfm === 'AESV2' ? 'aesv2' : cfm === 'AESV3' ? 'aesv3' : cfm === 'V2' ? 'rc4' : 'none';
    };
    const strings = methodOf(encrypt.name('StrF'));
    const streams = methodOf(encrypt.name('StmF'));
    const empty = new Uint8Array();
    if (r >= 5) {
      const check = r === 5 ? createHash('sha256').update(u.subarray(32, 40)).digest() : hashR6(empty, u.subarray(32, 40), empty);
      if (!Buffer.from(check).equals(Buffer.from(u.subarray(0, 32)))) return undefined;
      const intermediate = r === 5 ? createHash('sha256').update(u.subarray(40, 48)).digest() : hashR6(empty, u.subarray(40, 48), empty);
      const decipher = createDecipheriv('aes-256-cbc', intermediate, Buffer.alloc(16));
      decipher.setAutoPadding(false);
      const key = Buffer.concat([decipher.update(bytesOf(encrypt.get('UE'))), decipher.final()]);
      return new SecurityHandler(key, strings, streams, encryptMetadata, r);
    }
    const length = v === 1 ? 5 : Math.max(5, Math.min(16, Number(encrypt.get('Length') ?? 40) / 8));
    let key = createHash('md5').update(PAD).update(o).update(le32(p)).update(id).update(r >= 4 && !encryptMetadata ? Buffer.from([255, 255, 255, 255]) : Buffer.alloc(0)).digest().subarray(0, length);
    if (r >= 3) for (let i = 0; i < 50; i++) key = createHash('md5').update(key).digest().subarray(0, length);
    let check: Uint8Array;
    if (r === 2) check = rc4(key, PAD);
    else {
      check = rc4(key, createHash('md5').update(PAD).update(id).digest());
      for (let i = 1; i <= 19; i++) check = rc4(key.map((b) => b ^ i), check);
    }
    const compare = r === 2 ? 32 : 16;
    if (!Buffer.from(check.subarray(0, compare)).equals(Buffer.from(u.subarray(0, compare)))) return undefined;
    return new SecurityHandler(key, strings, streams, encryptMetadata, r);
  }

  #objectKey(num: number, gen: number, method: Method): Uint8Array {
    if (method === 'aesv3') return this.key;
    const extra = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
    const hash = createHash('md5').update(this.key).update(extra);
    if (method === 'aesv2') hash.update('sAlT');
    return hash.digest().subarray(0, Math.min(this.key.length + 5, 16));
  }

  #decrypt(method: Method, num: number, gen: number, data: Uint8Array): Uint8Array {
    if (method === 'none') return data;
    const key = this.#objectKey(num, gen, method);
    if (method === 'rc4') return rc4(key, data);
    if (data.length < 32 || data.length % 16 !== 0) return data.length < 16 ? new Uint8Array() : data;
    try {
      const decipher = createDecipheriv(method === 'aesv3' ? 'aes-256-cbc' : 'aes-128-cbc', key, data.subarray(0, 16));
      return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
    } catch {
      return new Uint8Array();
    }
  }

  #encrypt(method: Method, num: number, gen: number, data: Uint8Array): Uint8Array {
    if (method === 'none') return data;
    const key = this.#objectKey(num, gen, method);
    if (method === 'rc4') return rc4(key, data);
    const iv = randomBytes(16);
    const cipher = createCipheriv(method === 'aesv3' ? 'aes-256-cbc' : 'aes-128-cbc', key, iv);
    return Buffer.concat([iv, cipher.update(data), cipher.final()]);
  }

  decryptStream(num: number, gen: number, data: Uint8Array, type: string | undefined): Uint8Array {
    if (type === 'XRef' || (type === 'Metadata' && !this.encryptMetadata)) return data;
    return this.#decrypt(this.streams, num, gen, data);
  }

  encryptStream(num: number, gen: number, data: Uint8Array, type: string | undefined): Uint8Array {
    if (type === 'XRef' || (type === 'Metadata' && !this.encryptMetadata)) return data;
    return this.#encrypt(this.streams, num, gen, data);
  }

  decryptString(num: number, gen: number, data: Uint8Array): Uint8Array { return this.#decrypt(this.strings, num, gen, data); }
  encryptString(num: number, gen: number, data: Uint8Array): Uint8Array { return this.#encrypt(this.strings, num, gen, data); }

  /** Every string of a value, decrypted or encrypted; a signature's /Contents is never encrypted (§7.6.2) */
  mapStrings(value: PdfValue, transform: (bytes: Uint8Array) => Uint8Array, depth = 0): PdfValue {
    if (depth > 100) return value;
    if (value instanceof Str) return new Str(transform(value.bytes), value.hex);
    if (Array.isArray(value)) return value.map((item) => this.mapStrings(item, transform, depth + 1));
    if (value instanceof Dict) {
      const signature = ['Sig', 'DocTimeStamp'].includes(value.name('Type') ?? '') || value.get('ByteRange') !== undefined;
      const entries = new Map<string, PdfValue>();
      for (const [key, item] of value.entries) entries.set(key, signature && key === 'Contents' ? item : this.mapStrings(item, transform, depth + 1));
      return new Dict(entries);
    }
    return value;
  }
}

