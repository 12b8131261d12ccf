/**
 * One request (a row of a list) filled in as the seed prints it: a field per column, in the seed's order, with its
 * footnote as help. The server checks every field; its problems are shown in red under each field, in Vietnamese.
 */
import { Alert, App, Checkbox, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import { rowFieldsOf, showValue, type FieldDef, type FormDef } from './catalog.ts';
import { useQW } from './words.ts';

type Values = Record<string, string | boolean | undefined>;

/** The stored value as the field shows it for editing (dates back to dd/mm/yyyy) */
const editable = (field: FieldDef, value: unknown): string | boolean | undefined => {
  if (field.kind === 'checkbox') return value === true;
  if (value === undefined || value === null) return undefined;
  return field.kind === 'choice' ? String(value) : showValue(field, value);
};

/** The input of one field; Form.Item hands it value, onChange and id, passed on as they are */
function FieldInput({ field, ...control }: { field: FieldDef; value?: string; onChange?: (value: unknown) => void; id?: string }) {
  const testId = `field-${field.key}`;
  if (field.kind === 'choice') return <Select {...control} allowClear showSearch optionFilterProp="label" data-testid={testId} options={field.options?.map((o) => ({ value: o.value, label: o.label }))} />;
  if (field.multiline) return <Input.TextArea {...control} rows={2} data-testid={testId} />;
  return <Input {...control} data-testid={testId} placeholder={field.kind === 'date' ? 'ngày/tháng/năm' : undefined} />;
}

export function EntryForm({ form, initial, title, okText, onSubmit, onClose }: {
  form: FormDef; initial?: Readonly<Record<string, unknown>>; title: string; okText: string;
  onSubmit: (values: Record<string, unknown>) => Promise<void>; onClose: () => void;
}) {
  const { q } = useQW();
  const { message } = App.useApp();
  const [antForm] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [whole, setWhole] = useState<string[]>([]);
  const fields = rowFieldsOf(form).filter((f) => f.kind !== 'row-number');
  const save = async () => {
    const raw = antForm.getFieldsValue(true) as Values;
    const values: Record<string, unknown> = {};
    for (const f of fields) {
      const v = raw[f.key];
      if (f.kind === 'checkbox' ? v === true : typeof v === 'string' && v.trim() !== '') values[f.key] = v;
    }
    setBusy(true);
    setWhole([]);
    antForm.setFields(fields.map((f) => ({ name: f.key, errors: [] })));
    try {
      await onSubmit(values);
      onClose();
    } catch (err) {
      const problems = err instanceof ApiError ? err.problems : [];
      if (problems.length === 0) message.error((err as Error).message);
      const known = new Set(fields.map((f) => f.key));
      antForm.setFields(fields.map((f) => ({ name: f.key, errors: problems.filter((p) => p.field === f.key).map((p) => p.message) })));
      setWhole(problems.filter((p) => !known.has(p.field)).map((p) => p.message));
      if (problems.length > 0) antForm.scrollToField(problems.find((p) => known.has(p.field))?.field ?? fields[0]!.key);
    } finally {
      setBusy(false);
    }
  };
  const initialValues = Object.fromEntries(fields.map((f) => [f.key, editable(f, initial?.[f.key])]));
  return (
    <Modal open title={title} onCancel={onClose} onOk={save} okText={okText} cancelText={q('cancel')} confirmLoading={busy} width={760} maskClosable={false}
      okButtonProps={{ 'data-testid': 'entry-save' } as Record<string, string>}>
      <Typography.Paragraph type="secondary">{form.title}. {q('formHelp')}</Typography.Paragraph>
      {whole.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={q('problemsTitle')} description={whole.map((w) => <div key={w}>{w}</div>)} data-testid="entry-problems" />}
      <Form form={antForm} layout="vertical" initialValues={initialValues} name="request-entry">
        {fields.map((f) => (
          <Form.Item key={f.key} name={f.key} label={f.label} required={f.required} tooltip={f.note} valuePropName={f.kind === 'checkbox' ? 'checked' : 'value'}
            data-testid={`item-${f.key}`}>
            {f.kind === 'checkbox' ? <Checkbox data-testid={`field-${f.key}`} /> : <FieldInput field={f} />}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
