/** Turns the first schema violation into one Vietnamese sentence a clerk can act on. */
import type { FastifySchemaValidationError } from 'fastify';

const PART: Record<string, string> = { body: 'nội dung', querystring: 'tham số', params: 'đường dẫn', headers: 'tiêu đề' };

export function describeValidation(errors: readonly FastifySchemaValidationError[], context?: string): string {
  const first = errors[0];
  if (!first) return 'không rõ lỗi';
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field = (name: string) => (name ? `trường “${name}”` : (PART[context ?? ''] ?? 'dữ liệu'));
  const p = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'required': return `thiếu ${field(path ? `${path}.${String(p.missingProperty)}` : String(p.missingProperty))}`;
    case 'additionalProperties': return `${field(path)} có trường không được phép “${String(p.additionalProperty)}”`;
    case 'type': return `${field(path)} phải là ${typeName(String(p.type))}`;
    case 'minLength': return `${field(path)} cần ít nhất ${String(p.limit)} ký tự`;
    case 'maxLength': return `${field(path)} dài quá ${String(p.limit)} ký tự`;
    case 'minimum': return `${field(path)} phải từ ${String(p.limit)} trở lên`;
    case 'maximum': return `${field(path)} không được vượt quá ${String(p.limit)}`;
    case 'minItems': return `${field(path)} cần ít nhất ${String(p.limit)} phần tử`;
    case 'maxItems': return `${field(path)} có quá ${String(p.limit)} phần tử`;
    case 'pattern': case 'format': return `${field(path)} sai định dạng`;
    case 'enum': return `${field(path)} phải là một trong: ${(p.allowedValues as unknown[]).join(', ')}`;
    default: return `${field(path)} không hợp lệ`;
  }
}

function typeName(type: string): string {
  return ({ string: 'chuỗi ký tự', integer: 'số nguyên', number: 'số', boolean: 'đúng/sai', object: 'đối tượng', array: 'danh sách', null: 'rỗng' } as Record<string, string>)[type] ?? type;
}
