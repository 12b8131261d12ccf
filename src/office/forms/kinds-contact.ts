/**
 * E-mail, mailbox, account and phone fields. Official e-mail is the rule of seed 000 §4 and every form's
 * footnote "(không sử dụng các địa chỉ thư điện tử gmail, yahoo, hotmail...)": the province's domains come
 * from configuration, free providers get their own message so the person knows why.
 */
import { accept, refuse, type FieldOutcome, type FormValidationOptions } from './outcome.ts';

const LOCAL = /^[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9])?$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;
const MAILBOX_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const ACCOUNT = /^[A-Za-z0-9](?:[A-Za-z0-9._@-]{0,62}[A-Za-z0-9])?$/;

export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.com.vn', 'ymail.com', 'rocketmail.com', 'hotmail.com', 'outlook.com',
  'outlook.com.vn', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me',
  'zoho.com', 'zohomail.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'gmx.com', 'gmx.net', 'mail.com', 'tutanota.com', 'tuta.io',
  'qq.com', '163.com', '126.com', 'fastmail.com',
]);
// Country variants of the big ones (yahoo.co.uk, hotmail.fr, gmail.vn lookalikes).
const FREE_FAMILY = /^(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|icloud)\.(?:[a-z]{2,3})(?:\.[a-z]{2})?$/;

export const isFreeMailDomain = (domain: string): boolean => FREE_MAIL_DOMAINS.has(domain) || FREE_FAMILY.test(domain);

const officialDomains = (options: FormValidationOptions): string[] => {
  const list = options.officialMailDomains.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean);
  return list.length > 0 ? list : ['gov.vn'];
};

export const isOfficialDomain = (domain: string, options: FormValidationOptions): boolean =>
  officialDomains(options).some((d) => domain === d || domain.endsWith(`.${d}`));

export function checkOfficialEmail(text: string, options: FormValidationOptions): FieldOutcome {
  const address = text.toLowerCase();
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at < 0 || address.length > 254 || !LOCAL.test(local) || local.includes('..') || !DOMAIN.test(domain)) {
    return refuse('FORM_EMAIL_INVALID', { value: text.slice(0, 80) });
  }
  const domains = officialDomains(options).join(', @');
  if (isFreeMailDomain(domain)) return refuse('FORM_EMAIL_FREE_PROVIDER', { provider: domain, domains });
  if (!isOfficialDomain(domain, options)) return refuse('FORM_EMAIL_NOT_OFFICIAL', { domain, domains });
  return accept(address);
}

/** Seed 001 Mẫu số 09 writes mailboxes without their domain (khoasa.sonbinh); a full address must be official. */
export function checkMailAccount(text: string, options: FormValidationOptions): FieldOutcome {
  if (text.includes('@')) return checkOfficialEmail(text, options);
  const name = text.toLowerCase();
  return MAILBOX_NAME.test(name) && !name.includes('..') ? accept(name) : refuse('FORM_MAIL_ACCOUNT_INVALID');
}

export function checkAccountName(text: string): FieldOutcome {
  return ACCOUNT.test(text) ? accept(text) : refuse('FORM_ACCOUNT_INVALID');
}

const MOBILE = /^0[35789]\d{8}$/;
const ANY_PHONE = /^(?:0\d{9}|02\d{9})$/; // 10 digits, or an 11-digit landline (02xx area codes since 2017)

/** Spaces, dots, dashes and brackets as people write them (0916.731.226); +84 becomes the leading 0. */
export function normalisePhone(text: string): string {
  const compact = text.replace(/[\s.()-]/g, '');
  return compact.startsWith('+84') ? `0${compact.slice(3)}` : compact;
}

export function checkPhone(text: string, mobileOnly: boolean): FieldOutcome {
  const phone = normalisePhone(text);
  if ((mobileOnly ? MOBILE : ANY_PHONE).test(phone)) return accept(phone);
  return mobileOnly
    ? refuse('FORM_PHONE_INVALID', { expected: 'số di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09', expectedEn: 'a mobile number is 10 digits starting 03, 05, 07, 08 or 09' })
    : refuse('FORM_PHONE_INVALID', { expected: 'số điện thoại gồm 10 chữ số bắt đầu bằng 0, hoặc số cố định 11 chữ số bắt đầu bằng 02', expectedEn: 'a phone number is 10 digits starting with 0, or an 11-digit landline starting 02' });
}
