/**
 * The one error shape that crosses package boundaries: a stable UPPER_SNAKE code with a
 * package prefix, named params, and a message catalog in Vietnamese and English.
 * Each package keeps its own catalog; the server matches the shape, not the class.
 */
export type Params = Readonly<Record<string, string | number>>;
export interface Message { readonly vi: string; readonly en: string }
export type Catalog = Readonly<Record<string, Message>>;
export type Lang = 'vi' | 'en';

export const fillMessage = (text: string, params: Params): string =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));

export class CodedError extends Error {
  readonly #catalog: Catalog;

  constructor(
    readonly code: string,
    catalog: Catalog,
    readonly params: Params = {},
    options?: { cause?: unknown },
  ) {
    super(fillMessage(catalog[code]?.en ?? code, params), options);
    this.#catalog = catalog;
  }

  localise(lang: Lang): string {
    const entry = this.#catalog[this.code];
    return entry ? fillMessage(entry[lang], this.params) : this.code;
  }
}

export const isCodedError = (err: unknown): err is CodedError => err instanceof CodedError;

/** A package's error class over its catalog: `export class PkiError extends codedErrorClass('PkiError', PKI_MESSAGES) {}`. */
export function codedErrorClass<C extends Catalog>(className: string, catalog: C) {
  return class extends CodedError {
    override readonly name = className;
    constructor(code: Extract<keyof C, string>, params: Params = {}, options?: { cause?: unknown }) {
      super(code, catalog, params, options);
    }
  };
}
