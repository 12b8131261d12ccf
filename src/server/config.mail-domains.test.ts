import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_OFFICIAL_MAIL_DOMAINS, loadConfig } from './config.ts';

test('ok: CONGVAN_OFFICIAL_MAIL_DOMAINS is a comma-separated list, cleaned; unset, the demo agencies\' domains', () => {
  assert.deepEqual(loadConfig({}, {}).officialMailDomains, DEMO_OFFICIAL_MAIL_DOMAINS);
  assert.deepEqual(loadConfig({}, { CONGVAN_OFFICIAL_MAIL_DOMAINS: ' LaiChau.gov.vn, @haiduong.gov.vn,,laichau.gov.vn ' }).officialMailDomains, ['laichau.gov.vn', 'haiduong.gov.vn']);
});

test('error/official mail domains: a free provider, a malformed name, only commas', () => {
  for (const value of ['laichau.gov.vn,gmail.com', 'laichau gov vn', 'http://laichau.gov.vn', ',,']) {
    assert.throws(() => loadConfig({}, { CONGVAN_OFFICIAL_MAIL_DOMAINS: value }),
      (err: { code: string; localise(l: string): string }) => err.code === 'SRV_CONFIG_INVALID' && /CONGVAN_OFFICIAL_MAIL_DOMAINS .*tên miền thư công vụ/.test(err.localise('vi')), value);
  }
});
