/** The forms' catalog as the server sends it, the agencies' names, and how a stored value reads in a table. */
import { useQuery } from '@tanstack/react-query';
import type { Column, FieldDef, FormDef } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';

export type { FieldDef, FormDef };

export function useForms() {
  const forms = useQuery({ queryKey: ['request-forms'], queryFn: () => api<FormDef[]>('GET', '/api/request-forms'), staleTime: Infinity });
  const byId = new Map((forms.data ?? []).map((f) => [f.id, f]));
  return { forms: forms.data ?? [], formOf: (id: string) => byId.get(id) };
}

/** Every agency's name: the directory holds the others, the session our own */
export function useAgencyNames(session: Session) {
  const directory = useQuery({ queryKey: ['directory'], queryFn: () => api<{ id: string; name: string }[]>('GET', '/api/directory'), staleTime: 60_000 });
  const names = new Map((directory.data ?? []).map((a) => [a.id, a.name]));
  names.set(session.agency.id, session.agency.name);
  return (id: string | null | undefined) => (id ? names.get(id) ?? id : '');
}

const isGroup = (c: Column): c is Extract<Column, { group: string }> => 'group' in c;

/** A row's fields in the seed's column order, a group's parts named after their heading */
export function rowFieldsOf(form: FormDef): FieldDef[] {
  return form.columns.flatMap((c) => (isGroup(c) ? c.parts.map((p) => ({ ...p, label: `${c.group} — ${p.label}` })) : [c.of ? { ...c, label: `${c.label} (${c.of})` } : c]));
}

/** The form's number and title as the seeds print them: "Mẫu 01 — ĐỀ NGHỊ CẤP CHỨNG THƯ SỐ CHO CÁ NHÂN" */
export const formName = (form: FormDef | undefined, id = ''): string =>
  form ? `${[...new Set(form.sources.map((s) => s.number))].join(' / ')} — ${form.title}` : id;

/** A stored value as the person reads it: an option's printed label, a date as dd/mm/yyyy, a ticked box as ✓ */
export function showValue(field: FieldDef, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.kind === 'choice') return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (field.kind === 'checkbox') return value === true ? '✓' : '';
  if (field.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  return String(value);
}

/** The person (or organisation) a row is about, for lists and titles */
export const entryTitle = (values: Readonly<Record<string, unknown>>): string =>
  String(values.fullName ?? values.organisationName ?? values.certificateName ?? values.accountName ?? values.email ?? Object.values(values).find((v) => typeof v === 'string') ?? '');

export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }) : '');
