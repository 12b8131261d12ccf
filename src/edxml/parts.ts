/** @internal The pieces document and status packages share: agencies, ResponseFor, StaffInfo, and field checks. */
import { isEdxmlDate, isEdxmlTimestamp, isOrganId } from './dates.ts';
import type { Organization, ResponseFor, StaffInfo } from './types.ts';
import { field, group, type XmlElement } from './xml-writer.ts';
import type { XmlNode } from './xml-reader.ts';

export type Check = (v: string) => string | undefined;

export const organIdCheck: Check = (v) => (isOrganId(v) ? undefined : 'mã định danh cần 1–35 ký tự 0-9, A-Z và dấu chấm');
export const dateCheck: Check = (v) => (isEdxmlDate(v) ? undefined : 'cần ngày dạng yyyy/MM/dd');
export const timestampCheck: Check = (v) => (isEdxmlTimestamp(v) ? undefined : 'cần thời điểm dạng yyyy/MM/dd HH:mm:ss');
export const emailCheck: Check = (v) => (/^[^@\s]+@[^@\s]+$/.test(v) ? undefined : 'địa chỉ thư không hợp lệ');
export const countCheck: Check = (v) => (/^\d{1,9}$/.test(v) ? undefined : 'cần số nguyên không âm');
export const intOf = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
/** Optional fields only appear in the object when present, so parse(build(x)) deep-equals x */
export const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const ORGANIZATION_FIELDS = ['OrganId', 'OrganizationInCharge', 'OrganName', 'OrganAdd', 'Email', 'Telephone', 'Fax', 'Website'];

export const writeOrganization = (name: string, o: Organization): XmlElement => group(name, [
  field('OrganId', o.organId), field('OrganizationInCharge', o.organizationInCharge), field('OrganName', o.organName),
  field('OrganAdd', o.organAdd), field('Email', o.email), field('Telephone', o.telephone), field('Fax', o.fax), field('Website', o.website),
]);

export function readOrganization(node: XmlNode): Organization {
  node.only(ORGANIZATION_FIELDS);
  return defined({
    organId: node.value('OrganId', organIdCheck), organizationInCharge: node.maybe('OrganizationInCharge'), organName: node.value('OrganName'),
    organAdd: node.maybe('OrganAdd'), email: node.maybe('Email', emailCheck), telephone: node.maybe('Telephone'), fax: node.maybe('Fax'), website: node.maybe('Website'),
  });
}

export const writeResponseFor = (r: ResponseFor): XmlElement => group('ResponseFor', [
  field('OrganId', r.organId), field('Code', r.code), field('PromulgationDate', r.promulgationDate), field('DocumentId', r.documentId),
]);

export function readResponseFor(node: XmlNode): ResponseFor {
  node.only(['OrganId', 'Code', 'PromulgationDate', 'DocumentId']);
  return { organId: node.value('OrganId', organIdCheck), code: node.value('Code'), promulgationDate: node.value('PromulgationDate', dateCheck), documentId: node.value('DocumentId') };
}

export const writeStaffInfo = (s: StaffInfo): XmlElement => group('StaffInfo', [
  field('Department', s.department), field('Staff', s.staff), field('Mobile', s.mobile), field('Email', s.email),
]);

export function readStaffInfo(node: XmlNode): StaffInfo {
  node.only(['Department', 'Staff', 'Mobile', 'Email']);
  return defined({ department: node.maybe('Department'), staff: node.maybe('Staff'), mobile: node.maybe('Mobile'), email: node.maybe('Email', emailCheck) });
}
