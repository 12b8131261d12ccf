/**
 * Rules across fields of one entry, as the seeds' footnotes state them ("Trường hợp …", "(nếu có)").
 * A rule only looks at fields that passed their own check, so one mistake gives one problem.
 */
import type { FieldDef, FormRule } from './form-types.ts';
import { formatFormDate } from './kinds-date.ts';
import type { CleanValue } from './outcome.ts';
import { formProblem, type FormProblem } from './problems.ts';

export type CleanEntry = Readonly<Record<string, CleanValue>>;

export const fieldLabel = (field: FieldDef): string => (field.of ? `${field.label} (${field.of})` : field.label);

const isFilled = (value: CleanValue | undefined): boolean => value !== undefined && value !== false;

interface RuleContext {
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly value: CleanEntry;
  readonly failed: ReadonlySet<string>;
}

const labelOf = (ctx: RuleContext, key: string) => {
  const field = ctx.fields.get(key);
  return field ? fieldLabel(field) : key;
};

function together(ctx: RuleContext, keys: readonly string[]): FormProblem[] {
  const filled = keys.filter((k) => isFilled(ctx.value[k]) || ctx.failed.has(k));
  if (filled.length === 0) return [];
  const other = labelOf(ctx, filled[0]!);
  return keys.filter((k) => !filled.includes(k)).map((k) => formProblem(k, 'FORM_REQUIRED_TOGETHER', { label: labelOf(ctx, k), other }));
}

function atLeastOne(ctx: RuleContext, keys: readonly string[]): FormProblem[] {
  if (keys.some((k) => isFilled(ctx.value[k]) || ctx.failed.has(k))) return [];
  return [formProblem(keys[0]!, 'FORM_ONE_OF_REQUIRED', { labels: keys.map((k) => `"${labelOf(ctx, k)}"`).join(', ') })];
}

function requiredIf(ctx: RuleContext, key: string, when: string, equals: string | boolean | undefined): FormProblem[] {
  const trigger = ctx.value[when];
  const met = equals === undefined ? isFilled(trigger) : trigger === equals;
  if (!met || isFilled(ctx.value[key]) || ctx.failed.has(key)) return [];
  const whenField = ctx.fields.get(when);
  const option = whenField?.options?.find((o) => o.value === equals)?.label;
  const whenLabel = labelOf(ctx, when);
  const condition = option ? `"${whenLabel}" là "${option}"` : whenField?.kind === 'checkbox' ? `đã chọn "${whenLabel}"` : `đã ghi "${whenLabel}"`;
  const conditionEn = option ? `"${whenLabel}" is "${option}"` : `"${whenLabel}" is given`;
  return [formProblem(key, 'FORM_REQUIRED_WHEN', { label: labelOf(ctx, key), condition, conditionEn })];
}

function dateOrder(ctx: RuleContext, before: string, after: string): FormProblem[] {
  const first = ctx.value[before];
  const second = ctx.value[after];
  if (typeof first !== 'string' || typeof second !== 'string' || second >= first) return [];
  return [formProblem(after, 'FORM_DATE_ORDER', { label: labelOf(ctx, after), date: formatFormDate(second), other: labelOf(ctx, before), otherDate: formatFormDate(first) })];
}

function applyRule(ctx: RuleContext, rule: FormRule): FormProblem[] {
  switch (rule.kind) {
    case 'together': return together(ctx, rule.fields);
    case 'at-least-one': return atLeastOne(ctx, rule.fields);
    case 'required-if': return requiredIf(ctx, rule.field, rule.when, rule.equals);
    case 'date-order': return dateOrder(ctx, rule.before, rule.after);
  }
}

export function applyRules(rules: readonly FormRule[], ctx: RuleContext): FormProblem[] {
  const seen = new Set<string>();
  return rules.flatMap((rule) => applyRule(ctx, rule)).filter((p) => {
    const key = `${p.field}\u0000${p.code}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
