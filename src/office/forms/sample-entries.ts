/** A complete, valid entry for any form, built from the field kinds: the baseline tests (and demos) change one field of. @internal */
import { rowFields } from './catalog.ts';
import type { FieldDef, FormDef } from './form-types.ts';

function sampleDate(key: string): string {
  if (/birth/i.test(key)) return '17/5/1980';
  return /expires/i.test(key) ? '01/06/2030' : '01/06/2015';
}

export function sampleValue(field: FieldDef): unknown {
  switch (field.kind) {
    case 'text': return field.key === 'province' ? 'Lai Châu' : 'Phòng Văn hóa và Thông tin huyện Tam Đường';
    case 'person-name': return 'Nguyễn Quang Sáng';
    case 'upper-name': return 'NGUYỄN QUANG SÁNG';
    case 'official-email': return 'sangnq.tamduong@laichau.gov.vn';
    case 'mail-account': return 'khoasa.sonbinh';
    case 'account-name': return 'sangnq.tamduong';
    case 'id-number': return '012084001234';
    case 'tax-code': return '0101234567';
    case 'budget-code': return '1034567';
    case 'mobile-phone': return '0916.731.226';
    case 'phone': return '02053.814622';
    case 'date': return sampleDate(field.key);
    case 'choice': return field.options?.[0]?.label ?? '';
    case 'sim-pki': return 'Viettel/cs';
    case 'certificate-serial': return '540101019c8b7a6e';
    case 'token-serial': return 'VGCA-0001234';
    case 'checkbox': return 'x';
    case 'count': return 1;
    case 'row-number': return '01';
  }
}

export const sampleEntry = (form: FormDef, part: 'row' | 'header' = 'row'): Record<string, unknown> =>
  Object.fromEntries((part === 'row' ? rowFields(form) : form.header).map((f) => [f.key, sampleValue(f)]));
