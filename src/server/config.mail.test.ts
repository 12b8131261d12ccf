import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.ts';

const FROM = 'Văn thư UBND tỉnh <vanthu@laichau.gov.vn>';

test('ok: mail is configured by CONGVAN_SMTP_URL with CONGVAN_MAIL_FROM, and absent without them', () => {
  assert.equal(loadConfig({}, {}).mail, undefined);
  assert.deepEqual(loadConfig({}, { CONGVAN_SMTP_URL: 'smtps://vanthu:bi-mat@mail.laichau.gov.vn:465', CONGVAN_MAIL_FROM: FROM }).mail,
    { smtpUrl: 'smtps://vanthu:bi-mat@mail.laichau.gov.vn:465', from: FROM });
  assert.deepEqual(loadConfig({}, { CONGVAN_SMTP_URL: 'smtp://127.0.0.1:2525', CONGVAN_MAIL_FROM: 'vanthu@laichau.gov.vn' }).mail?.from, 'vanthu@laichau.gov.vn');
});

test('error/mail config: one without the other, a URL that is not SMTP (its password not repeated), a From that is no address', () => {
  assert.throws(() => loadConfig({}, { CONGVAN_SMTP_URL: 'smtp://127.0.0.1:2525' }), { code: 'SRV_CONFIG_INVALID' });
  assert.throws(() => loadConfig({}, { CONGVAN_MAIL_FROM: FROM }), { code: 'SRV_CONFIG_INVALID' });
  assert.throws(() => loadConfig({}, { CONGVAN_SMTP_URL: 'https://vanthu:bi-mat@mail.laichau.gov.vn', CONGVAN_MAIL_FROM: FROM }),
    (err: { code: string; message: string; localise(l: string): string }) => err.code === 'SRV_CONFIG_INVALID' && /CONGVAN_SMTP_URL/.test(err.localise('vi')) && !err.localise('vi').includes('bi-mat') && !err.message.includes('bi-mat'));
  assert.throws(() => loadConfig({}, { CONGVAN_SMTP_URL: 'smtp://127.0.0.1:2525', CONGVAN_MAIL_FROM: 'Văn thư' }), { code: 'SRV_CONFIG_INVALID' });
});
