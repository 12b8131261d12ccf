/**
 * What changed in a PDF after a signature, object by object, and whether each change is of a kind a later
 * revision may make: further signatures and their fields and widgets, DSS and document timestamps, form fill,
 * document information and metadata. Anything else (page content, resources, the page tree, an appearance
 * changed without its field's value) is how the shadow attacks (Mainka et al., NDSS 2021) show other content
 * under a valid signature, and is disallowed.
 *
 * The comparison is between the document as the signed revision defines it and as the whole file does, for
 * every object whose cross-reference entry differs: it does not trust what the later sections say they are.
 */
import type { PdfView } from '../pdf/file.ts';
import { Dict, Ref, Stream, changedKeys, sameValue, type PdfValue } from '../pdf/objects.ts';

export type ChangeKind =
  | 'signature-added' | 'signature-field-signed' | 'dss' | 'form-fill' | 'document-info' | 'metadata' | 'catalog-extension'
  | 'page-content' | 'page-tree' | 'annotation' | 'appearance' | 'signature-changed' | 'catalog' | 'form-structure' | 'object' | 'trailer';

export interface Change {
  readonly object?: number;
  readonly kind: ChangeKind;
  readonly allowed: boolean;
  /** In Vietnamese, for the report */
  readonly detail: string;
}

const ALLOWED: ReadonlySet<ChangeKind> = new Set(['signature-added', 'signature-field-signed', 'dss', 'form-fill', 'document-info', 'metadata', 'catalog-extension']);
const change = (kind: ChangeKind, detail: string, object?: number): Change => ({ object, kind, allowed: ALLOWED.has(kind), detail });

/** DocMDP of a certifying signature: 1 no changes, 2 form fill and signing, 3 also annotations */
export type MdpPermission = 1 | 2 | 3;

interface Context {
  readonly before: PdfView;
  readonly after: PdfView;
}

const typeOf = (dict: Dict | undefined) => dict?.name('Type');

function fieldTypeOf(view: PdfView, dict: Dict): string | undefined {
  let node: Dict | undefined = dict;
  for (let i = 0; node && i < 16; i++) {
    const ft = node.name('FT');
    if (ft) return ft;
    node = view.dict(node.get('Parent'));
  }
  return undefined;
}

/** A reference added to /Annots or /Fields: allowed when it is a signature field or widget */
function isSignatureField(view: PdfView, value: PdfValue): boolean {
  const dict = view.dict(value);
  return dict !== undefined && fieldTypeOf(view, dict) === 'Sig';
}

/** Old items must stay, in order; new ones must all be signature fields */
function onlySignaturesAdded(ctx: Context, before: PdfValue[] | undefined, after: PdfValue[] | undefined): boolean {
  if (!after) return false;
  const old = before ?? [];
  const kept = after.filter((item) => old.some((o) => sameValue(o, item)));
  if (kept.length !== old.length) return false;
  return after.filter((item) => !old.some((o) => sameValue(o, item))).every((item) => isSignatureField(ctx.after, item));
}

function compareAcroForm(ctx: Context, before: Dict, after: Dict, num?: number): Change {
  const keys = changedKeys(before, after).filter((k) => !['SigFlags', 'DR', 'DA', 'NeedAppearances'].includes(k));
  if (keys.length === 0) return change('signature-added', 'cờ chữ ký / tài nguyên mặc định của biểu mẫu', num);
  if (keys.length === 1 && keys[0] === 'Fields' && onlySignaturesAdded(ctx, ctx.before.array(before.get('Fields')), ctx.after.array(after.get('Fields')))) {
    return change('signature-added', 'thêm trường chữ ký vào biểu mẫu', num);
  }
  return change('form-structure', `cấu trúc biểu mẫu đổi (${keys.join(', ')})`, num);
}

function compareCatalog(ctx: Context, before: Dict, after: Dict, num?: number): Change[] {
  const out: Change[] = [];
  for (const key of changedKeys(before, after)) {
    if (key === 'DSS') out.push(change('dss', 'thêm/đổi kho dữ liệu kiểm tra (DSS)', num));
    else if (key === 'Extensions') out.push(change('catalog-extension', 'khai báo phần mở rộng (ESIC/ADBE)', num));
    else if (key === 'Metadata') out.push(change('metadata', 'đổi siêu dữ liệu XMP', num));
    else if (key === 'AcroForm') {
      const a = ctx.before.dict(before.get('AcroForm'));
      const b = ctx.after.dict(after.get('AcroForm'));
      out.push(b ? compareAcroForm(ctx, a ?? new Dict(), b, num) : change('form-structure', 'biểu mẫu bị gỡ', num));
    } else out.push(change('catalog', `danh mục tài liệu đổi khóa /${key}`, num));
  }
  return out;
}

function comparePage(ctx: Context, before: Dict, after: Dict, num: number, mdp: MdpPermission | undefined): Change {
  const keys = changedKeys(before, after);
  if (keys.length === 1 && keys[0] === 'Annots') {
    const old = ctx.before.array(before.get('Annots'));
    const now = ctx.after.array(after.get('Annots'));
    if (onlySignaturesAdded(ctx, old, now)) return change('signature-added', 'thêm ô chữ ký vào trang', num);
    const removed = (old ?? []).some((o) => !(now ?? []).some((n) => sameValue(o, n)));
    return change(removed ? 'page-content' : 'annotation', removed ? 'chú thích trên trang bị gỡ' : `thêm chú thích không phải chữ ký${mdp === 3 ? ' (được phép theo DocMDP 3)' : ''}`, num);
  }
  return change('page-content', `trang đổi (${keys.join(', ')})`, num);
}

/** A field's own value or its parent's changed: its appearance may follow */
function valueChanged(ctx: Context, before: Dict, after: Dict): boolean {
  if (!sameValue(before.get('V'), after.get('V'))) return true;
  const parentBefore = ctx.before.dict(before.get('Parent'));
  const parentAfter = ctx.after.dict(after.get('Parent'));
  return parentBefore !== undefined && parentAfter !== undefined && !sameValue(parentBefore.get('V'), parentAfter.get('V'));
}

function compareField(ctx: Context, before: Dict, after: Dict, num: number, fieldType: string, formFillAppearances: Set<number>): Change {
  const keys = changedKeys(before, after);
  if (fieldType === 'Sig') {
    if (before.get('V') === undefined || ctx.before.dict(before.get('V')) === undefined) return change('signature-field-signed', 'trường chữ ký trống được ký', num);
    return change('signature-changed', 'trường chữ ký đã ký bị đổi', num);
  }
  const fill = ['V', 'AP', 'AS', 'Ff', 'DV', 'MK'];
  if (!keys.every((k) => fill.includes(k))) return change('form-structure', `trường biểu mẫu đổi (${keys.join(', ')})`, num);
  const appearanceOnly = (keys.includes('AP') || keys.includes('AS')) && !valueChanged(ctx, before, after);
  if (appearanceOnly) return change('appearance', 'hình hiển thị của trường đổi mà giá trị không đổi (shadow attack "replace")', num);
  for (const ref of appearanceRefs(ctx.after, after)) formFillAppearances.add(ref);
  return change('form-fill', 'điền biểu mẫu', num);
}

function appearanceRefs(view: PdfView, widget: Dict): number[] {
  const out: number[] = [];
  const ap = view.dict(widget.get('AP'));
  for (const key of ['N', 'D', 'R']) {
    const value = ap?.get(key);
    if (value instanceof Ref) out.push(value.num);
    const states = value instanceof Ref ? undefined : view.dict(value);
    for (const state of states?.entries.values() ?? []) if (state instanceof Ref) out.push(state.num);
  }
  return out;
}

const sameEntry = (a: ReturnType<PdfView['locate']>, b: ReturnType<PdfView['locate']>) => JSON.stringify(a) === JSON.stringify(b);

/** The changes made after the revision `before` up to `after`; empty when nothing changed. */
export function changesBetween(before: PdfView, after: PdfView, mdp?: MdpPermission): Change[] {
  const ctx: Context = { before, after };
  const changes: Change[] = [];
  for (const key of ['Root', 'Encrypt']) {
    if (!sameValue(before.trailer.get(key), after.trailer.get(key))) changes.push(change('trailer', `trailer đổi /${key} (shadow attack "hide-and-replace")`));
  }
  const infoNum = (after.trailer.get('Info') as Ref | undefined)?.num;
  const oldSize = typeof before.trailer.get('Size') === 'number' ? (before.trailer.get('Size') as number) : Infinity;
  const formFillAppearances = new Set<number>();
  const deferredStreams: { num: number; label: string }[] = [];
  const catalogNum = (before.trailer.get('Root') as Ref | undefined)?.num;
  const acroFormNum = (before.catalog.get('AcroForm') as Ref | undefined)?.num;
  const nums = new Set<number>([...after.xref.keys()]);
  for (const num of before.xref.keys()) nums.add(num);
  for (const num of [...nums].sort((x, y) => x - y)) {
    if (sameEntry(before.locate(num), after.locate(num))) continue;
    const old = before.object(num);
    const now = after.object(num);
    if (sameValue(old, now)) continue;
    const oldDict = old instanceof Dict ? old : old instanceof Stream ? old.dict : undefined;
    const newDict = now instanceof Dict ? now : now instanceof Stream ? now.dict : undefined;
    if (old === null) {
      // A number the signed revision left empty, now defined: harmless unless the signed content pointed at it
      if (num < oldSize && newDict && !['Sig', 'DocTimeStamp', 'Annot', 'XObject', 'Font', 'XRef', 'ObjStm', 'FontDescriptor'].includes(typeOf(newDict) ?? '') && !(now instanceof Stream && !typeOf(newDict))) {
        changes.push(change('object', `đối tượng ${num} còn trống trong bản đã ký nay được định nghĩa (${typeOf(newDict) ?? 'không rõ loại'})`, num));
      }
      continue;
    }
    if (['XRef', 'ObjStm'].includes(typeOf(oldDict) ?? '')) continue;
    if (now === null) {
      changes.push(change('object', `đối tượng ${num} (${typeOf(oldDict) ?? 'không rõ loại'}) bị xóa`, num));
      continue;
    }
    if (num === catalogNum && oldDict && newDict) changes.push(...compareCatalog(ctx, oldDict, newDict, num));
    else if (num === infoNum && oldDict) changes.push(change('document-info', 'thông tin tài liệu (Info) đổi', num));
    else if (typeOf(oldDict) === 'Metadata') changes.push(change('metadata', 'siêu dữ liệu XMP đổi', num));
    else if (num === acroFormNum && oldDict && newDict) changes.push(compareAcroForm(ctx, oldDict, newDict, num));
    else if (['Sig', 'DocTimeStamp'].includes(typeOf(oldDict) ?? '')) changes.push(change('signature-changed', 'từ điển chữ ký bị đổi', num));
    else if (typeOf(oldDict) === 'Page' && oldDict && newDict) changes.push(comparePage(ctx, oldDict, newDict, num, mdp));
    else if (typeOf(oldDict) === 'Pages') changes.push(change('page-tree', 'cây trang đổi (shadow attack "hide-and-replace")', num));
    else if (oldDict && newDict && !(old instanceof Stream) && fieldTypeOf(before, oldDict)) changes.push(compareField(ctx, oldDict, newDict, num, fieldTypeOf(before, oldDict)!, formFillAppearances));
    else if (Array.isArray(old) && Array.isArray(now)) {
      changes.push(onlySignaturesAdded(ctx, old, now) ? change('signature-added', 'thêm chữ ký vào danh sách trường/chú thích', num) : change('object', `mảng ${num} đổi`, num));
    } else if (old instanceof Stream) deferredStreams.push({ num, label: `${typeOf(oldDict) ?? 'luồng'}${oldDict?.name('Subtype') ? `/${oldDict.name('Subtype')}` : ''}` });
    else changes.push(change('object', `đối tượng ${num} (${typeOf(oldDict) ?? (oldDict?.name('Subtype') ?? 'không rõ loại')}) đổi`, num));
  }
  // A changed stream is form fill only when it is the new appearance of a field whose value changed
  for (const { num, label } of deferredStreams) {
    changes.push(formFillAppearances.has(num) ? change('form-fill', 'hình hiển thị mới của trường đã điền', num) : change('page-content', `nội dung ${label} (đối tượng ${num}) bị thay`, num));
  }
  if (mdp !== undefined) return changes.map((c) => applyMdp(c, mdp));
  return changes;
}

/** A certifying signature narrows what later revisions may do */
function applyMdp(c: Change, mdp: MdpPermission): Change {
  const alwaysAllowed: ChangeKind[] = ['dss', 'catalog-extension'];
  if (mdp === 1 && c.allowed && !alwaysAllowed.includes(c.kind)) return { ...c, allowed: false, detail: `${c.detail} — chữ ký chứng thực (DocMDP 1) không cho phép thay đổi` };
  if (mdp === 3 && c.kind === 'annotation') return { ...c, allowed: true };
  return c;
}

/** The DocMDP permission of the document's certifying signature, if any */
export function docMdpOf(view: PdfView, signature: Dict): MdpPermission | undefined {
  for (const reference of view.array(signature.get('Reference')) ?? []) {
    const dict = view.dict(reference);
    if (dict?.name('TransformMethod') !== 'DocMDP') continue;
    const p = view.dict(dict.get('TransformParams'))?.get('P');
    return p === 1 || p === 3 ? p : 2;
  }
  return undefined;
}

