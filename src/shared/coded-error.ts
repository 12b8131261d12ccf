/**
 * The one error shape that crosses package boundaries: a stable UPPER_SNAKE code with a
 * package prefix, named params, and a message catalog in Vietnamese and English.
 * Each package keeps its own catalog; the server matches the shape, not the class.
 */
export type Params = Readonly<Record<string, string | number>>;
export interface Message { readonly vi: string; readonly en: string }
export type Catalog = Readonly<Record<string, Message>>;
export type Lang = 'vi' | 'en';

const fillMessage = (text: string, params: Params): string =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));

/**
 * `code`'s message from `catalog` in `lang` with `params` filled, or the bare code when the catalog lacks it.
 * The one lookup for thrown errors and for the problems a form hands back as data (office/forms/problems.ts).
 */
export function localiseMessage(catalog: Catalog, code: string, params: Params, lang: Lang): string {
  const entry = catalog[code];
  return entry ? fillMessage(entry[lang], params) : code;
}

export class CodedError extends Error {
  readonly #catalog: Catalog;

  constructor(
    readonly code: string,
    catalog: Catalog,
    readonly params: Params = {},
    options?: { cause?: unknown },
  ) {
    super(localiseMessage(catalog, code, params, 'en'), options);
    this.#catalog = catalog;
  }

  localise(lang: Lang): string {
    return localiseMessage(this.#catalog, this.code, this.params, lang);
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
