/** The accounts registry: who has an account in the agencies the admin or the DIC oversees, and what happened to each. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Account, AccountEvent } from '../../../../src/office/index.ts';
import { api, type Agency } from '../../api.ts';
import { ROLE_NAMES } from '../../i18n.tsx';
import { RegistryStateTag } from './MailboxesPage.tsx';
import { ACCOUNT_EVENT_NAMES, ACCOUNT_STATE_NAMES, shownAt, useRegW } from './words.ts';

interface AccountPage { items: Account[]; total: number }
interface AccountHistory { account: Account; events: AccountEvent[] }

export function AccountsRegistryPage() {
  const { w, name, lang } = useRegW();
  const [state, setState] = useState<string>();
  const [agencyId, setAgencyId] = useState<string>();
  const [historyOf, setHistoryOf] = useState<Account>();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('GET', '/api/agencies') });
  const params = new URLSearchParams({ limit: '1000', ...(state ? { state } : {}), ...(agencyId ? { agencyId } : {}) });
  const list = useQuery({ queryKey: ['accounts', state, agencyId], queryFn: () => api<AccountPage>('GET', `/api/accounts?${params}`) });
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select allowClear placeholder={w('allStates')} style={{ width: 180 }} value={state} onChange={setState}
          options={Object.keys(ACCOUNT_STATE_NAMES).map((s) => ({ value: s, label: name(ACCOUNT_STATE_NAMES, s) }))} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={w('allAgencies')} style={{ width: 320 }} value={agencyId} onChange={setAgencyId}
          options={(agencies.data ?? []).map((a) => ({ value: a.id, label: a.name }))} />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <Table<Account> rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 50 }} data-testid="account-table"
        columns={[
          { title: w('username'), dataIndex: 'username' },
          { title: w('fullName'), dataIndex: 'fullName' },
          { title: w('agency'), dataIndex: 'agencyName' },
          { title: w('roles'), render: (_, a) => a.roles.map((r) => <Tag key={r}>{name(ROLE_NAMES, r)}</Tag>) },
          { title: w('state'), render: (_, a) => <RegistryStateTag names={ACCOUNT_STATE_NAMES} state={a.state} /> },
          { title: w('lastSignIn'), render: (_, a) => (a.lastSignInAt ? shownAt(a.lastSignInAt, lang) : w('never')) },
          { title: w('actions'), render: (_, a) => <Button size="small" onClick={() => setHistoryOf(a)} data-testid={`account-history-${a.username}`}>{w('history')}</Button> },
        ]} />
      {historyOf && <HistoryDialog account={historyOf} onClose={() => setHistoryOf(undefined)} />}
    </>
  );
}

function HistoryDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const { w, name, lang } = useRegW();
  const history = useQuery({ queryKey: ['accounts', account.id, 'history'], queryFn: () => api<AccountHistory>('GET', `/api/accounts/${account.id}/history`) });
  const detail = (e: AccountEvent) => (e.roles ? e.roles.map((r) => name(ROLE_NAMES, r)).join(', ') : e.fields ? e.fields.join(', ') : '');
  return (
    <Modal open width={800} title={`${w('accountHistoryTitle')}: ${account.fullName} (${account.username})`} footer={null} onCancel={onClose}>
      {history.error && <Alert type="error" showIcon title={history.error.message} />}
      <Table<AccountEvent> rowKey="seq" size="small" pagination={false} loading={history.isLoading} dataSource={history.data?.events ?? []} data-testid="account-history"
        locale={{ emptyText: w('noEvents') }}
        columns={[
          { title: w('when'), render: (_, e) => shownAt(e.at, lang) },
          { title: w('event'), render: (_, e) => name(ACCOUNT_EVENT_NAMES, e.kind) },
          { title: w('who'), render: (_, e) => e.actorName ?? w('system') },
          { title: w('detail'), render: (_, e) => detail(e) },
        ]} />
    </Modal>
  );
}
