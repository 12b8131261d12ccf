/**
 * The demo province, taken from the seed letters: Lai Châu with its DIC, the provincial office, Tam Đường
 * district (the author of seed 000/001) with its culture and information office and two communes, plus the
 * other seed authors, Sở TT&TT Lạng Sơn (seed 003) and UBND huyện Thanh Miện, Hải Dương (seed 002).
 * The codes follow the QCVN 102 pattern; the letter-and-digit level-1 parts are illustrative, not the
 * published ones: replace them with the real codes before going live.
 */
import type { Role } from '../actor.ts';
import type { AgencyLevel } from '../agencies/index.ts';

export interface DemoAgency {
  readonly slug: string;
  readonly code: string;
  readonly name: string;
  readonly shortName: string;
  readonly level: AgencyLevel;
  readonly parent: string | null;
  readonly email: string;
  /** The agency (by slug) that collects this area's request lists: the district's culture and information office, the province's DIC */
  readonly requestDesk?: string;
}

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  { slug: 'laichau', code: '000.00.00.H33', name: 'Ủy ban nhân dân tỉnh Lai Châu', shortName: 'UBND', level: 'province', parent: null, email: 'ubnd@laichau.gov.vn', requestDesk: 'stttt' },
  { slug: 'stttt', code: '000.00.11.H33', name: 'Sở Thông tin và Truyền thông tỉnh Lai Châu', shortName: 'STTTT', level: 'department', parent: 'laichau', email: 'stttt@laichau.gov.vn' },
  { slug: 'vpubnd', code: '000.00.01.H33', name: 'Văn phòng Ủy ban nhân dân tỉnh Lai Châu', shortName: 'VPUBND', level: 'department', parent: 'laichau', email: 'vpubnd@laichau.gov.vn' },
  { slug: 'tamduong', code: '000.00.31.H33', name: 'Ủy ban nhân dân huyện Tam Đường', shortName: 'UBND', level: 'district', parent: 'laichau', email: 'ubndtamduong@laichau.gov.vn', requestDesk: 'tamduong-vhtt' },
  { slug: 'tamduong-vhtt', code: '000.05.31.H33', name: 'Phòng Văn hóa và Thông tin huyện Tam Đường', shortName: 'VHTT', level: 'office', parent: 'tamduong', email: 'vhtt.tamduong@laichau.gov.vn' },
  { slug: 'binhlu', code: '000.21.31.H33', name: 'Ủy ban nhân dân xã Bình Lư', shortName: 'UBND', level: 'commune', parent: 'tamduong', email: 'binhlu.tamduong@laichau.gov.vn' },
  { slug: 'banbo', code: '000.22.31.H33', name: 'Ủy ban nhân dân xã Bản Bo', shortName: 'UBND', level: 'commune', parent: 'tamduong', email: 'banbo.tamduong@laichau.gov.vn' },
  { slug: 'langson-stttt', code: '000.00.11.H37', name: 'Sở Thông tin và Truyền thông tỉnh Lạng Sơn', shortName: 'STTTT', level: 'department', parent: null, email: 'stttt@langson.gov.vn' },
  { slug: 'thanhmien', code: '000.00.40.H23', name: 'Ủy ban nhân dân huyện Thanh Miện', shortName: 'UBND', level: 'district', parent: null, email: 'ubndthanhmien@haiduong.gov.vn' },
];

export interface DemoUser {
  readonly username: string;
  readonly agency: string;
  readonly fullName: string;
  readonly roles: readonly Role[];
  /** An official mailbox of the province; without one the demo's own address (username@demo.congvan.vn) */
  readonly email?: string;
}

/** Seed 000: only holders of an official mailbox may ask for a personal certificate; the communes' specialists hold one */
const OFFICIAL_MAILBOXES: Readonly<Record<string, string>> = {
  'binhlu.chuyenvien': 'chuyenvien.binhlu@laichau.gov.vn',
  'banbo.chuyenvien': 'chuyenvien.banbo@laichau.gov.vn',
};

const STAFF: readonly { suffix: string; role: Role; title: string }[] = [
  { suffix: 'admin', role: 'admin', title: 'Quản trị' },
  { suffix: 'vanthu', role: 'clerk', title: 'Văn thư' },
  { suffix: 'lanhdao', role: 'leader', title: 'Lãnh đạo' },
  { suffix: 'chuyenvien', role: 'specialist', title: 'Chuyên viên' },
];

/** Four accounts per agency (admin, clerk, leader, specialist), plus the DIC and CA operators of Lai Châu. */
export const DEMO_USERS: readonly DemoUser[] = [
  ...DEMO_AGENCIES.flatMap((a) => STAFF.map((s) => ({
    username: `${a.slug}.${s.suffix}`, agency: a.slug, fullName: `${s.title} ${a.name.replace(/^Ủy ban nhân dân /, 'UBND ')}`, roles: [s.role],
    ...(OFFICIAL_MAILBOXES[`${a.slug}.${s.suffix}`] ? { email: OFFICIAL_MAILBOXES[`${a.slug}.${s.suffix}`] } : {}),
  }))),
  { username: 'stttt.dic', agency: 'stttt', fullName: 'Cán bộ điều hành Sở TT&TT', roles: ['dic_operator'] },
  { username: 'stttt.ca', agency: 'stttt', fullName: 'Cán bộ quản lý chứng thư số', roles: ['ca_operator'] },
];
