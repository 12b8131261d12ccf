/** "Tài khoản & Thư công vụ": the mailbox registry, the accounts and the unused accounts, one tab each. */
import { Tabs, Typography } from 'antd';
import type { Session } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { AccountsRegistryPage } from './AccountsRegistryPage.tsx';
import { MailboxesPage } from './MailboxesPage.tsx';
import { UnusedAccountsPage } from './UnusedAccountsPage.tsx';
import { useRegW } from './words.ts';

export function RegistriesSection({ session }: { session: Session }) {
  const { w } = useRegW();
  const t = useT();
  return (
    <>
      <Typography.Title level={3}>{t('accounts')}</Typography.Title>
      <Tabs destroyOnHidden items={[
        { key: 'mailboxes', label: w('tabMailboxes'), children: <MailboxesPage session={session} /> },
        { key: 'accounts', label: w('tabAccounts'), children: <AccountsRegistryPage /> },
        { key: 'unused', label: w('tabUnused'), children: <UnusedAccountsPage mayDraft={session.user.roles.includes('admin')} /> },
      ]} />
    </>
  );
}
