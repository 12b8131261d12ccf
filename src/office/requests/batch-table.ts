/**
 * A batch's entries as the seed prints its table: the form's columns in the seed's order with the seed's headings
 * (a split group over its sub-columns, a joined group as one cell), and one row of cell texts per entry, STT
 * numbered. The XLSX list and the covering letter's table both read this, so they always agree. @internal
 */
import { columnLabels, isColumnGroup, type CleanEntry, type FieldDef, type FieldKind, type FormDef } from '../forms/index.ts';

/** One cell of the row: a field, or a joined group's fields written into one cell */
export interface TableLeaf {
  readonly label: string;
  readonly fields: readonly FieldDef[];
  /** Narrowest readable width in millimetres at 11 pt, text wrapped */
  readonly widthMm: number;
  readonly isRowNumber: boolean;
  readonly isRequired: boolean;
  /** Short values (STT, dates, ticks) are centred in the printed table */
  readonly isCentred: boolean;
}

/** A printed heading: one leaf, or a split group's heading over its leaves */
export interface TableColumn {
  readonly label: string;
  readonly leaves: readonly TableLeaf[];
  readonly isSplit: boolean;
}

export interface BatchTable {
  readonly columns: readonly TableColumn[];
  /** One text per leaf, in leaf order */
  readonly rows: readonly (readonly string[])[];
}

/** What a batch's documents are made from: the form, who files it and its entries' clean values */
export interface BatchDocumentInput {
  readonly form: FormDef;
  /** The filing agency, with the agency it belongs to (Decree 30's line above the name), if any */
  readonly agency: { readonly parent?: string; readonly name: string };
  readonly entries: readonly CleanEntry[];
}

const ROW_NUMBER_LABEL = 'STT';

const WIDTH_MM: Readonly<Record<FieldKind, number>> = {
  'row-number': 11, 'checkbox': 16, 'count': 14, 'date': 22, 'choice': 24, 'sim-pki': 22, 'budget-code': 20, 'tax-code': 26,
  'id-number': 27, 'mobile-phone': 27, 'phone': 27, 'token-serial': 30, 'account-name': 32, 'mail-account': 34,
  'certificate-serial': 36, 'person-name': 34, 'upper-name': 38, 'text': 30, 'official-email': 46,
};

const widthOf = (fields: readonly FieldDef[]): number => {
  const sum = fields.reduce((total, f) => total + WIDTH_MM[f.kind] + (f.multiline ? 12 : 0), 0);
  return fields.length > 1 ? Math.round(sum * 0.75) : sum;
};

const leafOf = (label: string, fields: readonly FieldDef[]): TableLeaf => ({
  label, fields, widthMm: widthOf(fields), isRowNumber: fields.length === 1 && fields[0]!.kind === 'row-number', isRequired: fields.some((f) => f.required),
  isCentred: fields.every((f) => f.kind === 'row-number' || f.kind === 'date' || f.kind === 'checkbox'),
});

const STT_FIELD: FieldDef = { key: 'rowNumber', label: ROW_NUMBER_LABEL, kind: 'row-number', required: false };

/** The form's columns; a form printed without a row number (one sheet per person) gets an STT column first */
export function tableColumns(form: FormDef): readonly TableColumn[] {
  const labels = columnLabels(form);
  const columns = form.columns.map((c, i): TableColumn => {
    if (!isColumnGroup(c)) return { label: labels[i]!, leaves: [leafOf(c.label, [c])], isSplit: false };
    if (c.cell === 'joined') return { label: c.group, leaves: [leafOf(c.group, c.parts)], isSplit: false };
    return { label: c.group, leaves: c.parts.map((p) => leafOf(p.label, [p])), isSplit: true };
  });
  const numbered = columns.some((c) => c.leaves.some((l) => l.isRowNumber));
  return numbered ? columns : [{ label: ROW_NUMBER_LABEL, leaves: [leafOf(ROW_NUMBER_LABEL, [STT_FIELD])], isSplit: false }, ...columns];
}

/** A clean value as the printed sheet shows it: dates dd/mm/yyyy, a choice by its label, a ticked box as "x" */
function cellText(field: FieldDef, value: CleanEntry[string] | undefined): string {
  if (value === undefined || value === false) return '';
  if (value === true) return 'x';
  if (field.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  if (field.kind === 'choice') return field.options?.find((o) => o.value === value)?.label ?? String(value);
  return String(value);
}

/** STT written by the list: 1, 2, 3 … in the batch's order */
const leafText = (leaf: TableLeaf, entry: CleanEntry, index: number): string =>
  leaf.isRowNumber ? String(index + 1) : leaf.fields.map((f) => cellText(f, entry[f.key])).filter(Boolean).join('; ');

export const leavesOf = (columns: readonly TableColumn[]): readonly TableLeaf[] => columns.flatMap((c) => c.leaves);

export function batchTable(form: FormDef, entries: readonly CleanEntry[], columns: readonly TableColumn[] = tableColumns(form)): BatchTable {
  const leaves = leavesOf(columns);
  return { columns, rows: entries.map((entry, i) => leaves.map((leaf) => leafText(leaf, entry, i))) };
}

/** The field that names an entry's person or organisation: what a reader looks the row up by */
function nameField(form: FormDef): FieldDef | undefined {
  const fields = tableColumns(form).flatMap((c) => c.leaves).filter((l) => l.fields.length === 1).map((l) => l.fields[0]!);
  return fields.find((f) => f.kind === 'person-name' || f.kind === 'upper-name') ?? fields.find((f) => f.kind === 'text' && f.required);
}

/**
 * The columns that fit `widthMm`: all of them when they do; otherwise STT, the name, then the required columns,
 * then the optional ones, each while it still fits, kept in the seed's order. The left-out headings are returned
 * so the letter can say the full list is in the XLSX file.
 */
export function fitColumns(form: FormDef, widthMm: number): { columns: readonly TableColumn[]; omitted: readonly string[] } {
  const all = tableColumns(form);
  const leaves = leavesOf(all);
  const total = leaves.reduce((sum, l) => sum + l.widthMm, 0);
  if (total <= widthMm) return { columns: all, omitted: [] };
  const name = nameField(form);
  const rank = (l: TableLeaf) => (l.isRowNumber ? 0 : name && l.fields.includes(name) ? 1 : l.isRequired ? 2 : 3);
  const kept = new Set<TableLeaf>();
  let used = 0;
  for (const leaf of [...leaves].sort((a, b) => rank(a) - rank(b))) {
    if (used + leaf.widthMm > widthMm) continue;
    kept.add(leaf);
    used += leaf.widthMm;
  }
  const columns = all.map((c) => ({ ...c, leaves: c.leaves.filter((l) => kept.has(l)) })).filter((c) => c.leaves.length > 0);
  const omitted = all.flatMap((c) => c.leaves.filter((l) => !kept.has(l)).map((l) => (c.isSplit ? `${c.label}: ${l.label}` : l.label)));
  return { columns, omitted };
}
