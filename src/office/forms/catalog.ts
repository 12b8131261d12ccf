/**
 * Every request form of the seeds, by stable id. Columns are in the seed's order, which is also the order
 * of the exported list, so a printed sheet and its spreadsheet line up.
 */
import { TAM_DUONG_LIST_FORMS } from './catalog-tam-duong-lists.ts';
import { TAM_DUONG_CERTIFICATE_FORMS } from './catalog-tam-duong.ts';
import { LANG_SON_FORMS } from './catalog-lang-son.ts';
import { THANH_MIEN_FORMS } from './catalog-thanh-mien.ts';
import type { Column, ColumnGroup, FieldDef, FormDef } from './form-types.ts';

export const FORMS: readonly FormDef[] = [...TAM_DUONG_CERTIFICATE_FORMS, ...TAM_DUONG_LIST_FORMS, ...LANG_SON_FORMS, ...THANH_MIEN_FORMS];

const BY_ID: ReadonlyMap<string, FormDef> = new Map(FORMS.map((f) => [f.id, f]));

export const formById = (id: string): FormDef | undefined => BY_ID.get(id);

export const isColumnGroup = (column: Column): column is ColumnGroup => 'group' in column;

/** The row's fields, groups opened, in column order. */
export const rowFields = (form: FormDef): readonly FieldDef[] => form.columns.flatMap((c) => (isColumnGroup(c) ? c.parts : [c]));

/** The printed heading of each column: a group's own heading, not its parts. */
export const columnLabels = (form: FormDef): readonly string[] => form.columns.map((c) => (isColumnGroup(c) ? c.group : c.label));
