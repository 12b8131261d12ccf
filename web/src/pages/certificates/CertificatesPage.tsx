/**
 * "Chứng thư số & Token" (issue 7's registers): the certificates our CA issued for the agencies the user
 * oversees, with their status; the key tokens on the register with each one's history (hand-overs, loss); and, for
 * the DIC, the certificates the Government CA issued for the province's requests.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Select, Table, Tabs, Tag, Timeline } from 'antd';
import { useState } from 'react';
import type { CertificateRecord, TokenRecord } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { nameIn } from '../../i18n.tsx';
import { useAgencyNames, when } from '../requests/catalog.ts';
import { GovernmentCa } from '../requests/GovernmentCa.tsx';
import { HandOverDialog } from './HandOverDialog.tsx';
import { CERTIFICATE_STATUS_NAMES, PROFILE_NAMES, TOKEN_STATE_NAMES, useCW } from './words.ts';

const STATUS_COLOR: Record<string, string> = { valid: 'green', on_hold: 'orange', revoked: 'red' };
const TOKEN_COLOR: Record<string, string> = { issued: 'blue', in_use: 'green', locked: 'orange', lost: 'red', damaged: 'red', revoked: 'red' };

interface TokenEvent { fromState: string | null; toState: string; handedBy: string | null; receivedBy: string | null; witnessedBy: string | null; authorisation: string | null; note: string | null; at: string }

export function CertificatesPage({ session }: { session: Session }) {
  const { c } = useCW();
  const isDic = session.user.roles.includes('dic_operator');
  return (
    <Tabs items={[
      { key: 'certificates', label: <span data-testid="tab-certificates">{c('certificates')}</span>, children: <Certificates session={session} /> },
      { key: 'tokens', label: <span data-testid="tab-tokens">{c('tokens')}</span>, children: <Tokens session={session} /> },
      ...(isDic ? [{ key: 'government', label: <span data-testid="tab-government-certificates">{c('government')}</span>, children: <GovernmentCa /> }] : []),
    ]} />
  );
}

function Certificates({ session }: { session: Session }) {
  const { c, lang } = useCW();
  const agencyName = useAgencyNames(session);
  const [status, setStatus] = useState<string | undefined>();
  const [handing, setHanding] = useState<CertificateRecord | null>(null);
  // The hand-over is the DIC's or the CA's (the server refuses anyone else); only a valid certificate on no token yet,
  // or a renewal on the token of the key it replaces (its new key goes onto that token)
  const handsOver = session.user.roles.some((role) => role === 'dic_operator' || role === 'ca_operator');
  const list = useQuery({ queryKey: ['certificate-registry', status], queryFn: () => api<CertificateRecord[]>('GET', `/api/pki/registry${status ? `?status=${status}` : ''}`) });
  return (
    <>
      <Select allowClear placeholder={c('allStates')} style={{ width: 220, marginBottom: 12 }} value={status} onChange={setStatus} data-testid="certificate-status-filter"
        options={Object.keys(CERTIFICATE_STATUS_NAMES).map((value) => ({ value, label: nameIn(CERTIFICATE_STATUS_NAMES, value, lang) }))} />
      {list.error && <Alert type="error" title={(list.error as Error).message} />}
      <Table<CertificateRecord> rowKey="serial" size="small" loading={list.isLoading} dataSource={list.data} locale={{ emptyText: c('none') }}
        data-testid="certificate-registry" pagination={{ pageSize: 20 }} columns={[
          { title: c('holder'), dataIndex: 'holderName' },
          { title: c('agency'), render: (_, r) => agencyName(r.agencyId) },
          { title: c('profile'), render: (_, r) => nameIn(PROFILE_NAMES, r.profile, lang), width: 140 },
          { title: c('serial'), dataIndex: 'serial', width: 200 },
          { title: c('token'), width: 150, render: (_, r) => <span data-testid="certificate-token">{r.tokenSerial ?? ''}</span> },
          { title: c('validUntil'), render: (_, r) => when(r.notAfter), width: 150 },
          { title: c('status'), width: 200, render: (_, r) => (
            <span data-testid="certificate-status">
              <Tag color={STATUS_COLOR[r.status]}>{nameIn(CERTIFICATE_STATUS_NAMES, r.status, lang)}</Tag>
              {r.revocationReason && <span>{r.revocationReason}</span>}
            </span>
          ) },
          ...(handsOver ? [{ title: '', width: 150, render: (_: unknown, r: CertificateRecord) => r.status === 'valid' && (!r.tokenSerial || r.replacesSerial) && (
            <Button size="small" onClick={() => setHanding(r)} data-testid="certificate-handover">{c('handOver')}</Button>
          ) }] : []),
        ]} />
      {handing && <HandOverDialog certificate={handing} session={session} onClose={() => setHanding(null)} />}
    </>
  );
}

function Tokens({ session }: { session: Session }) {
  const { c, lang } = useCW();
  const agencyName = useAgencyNames(session);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['token-register'], queryFn: () => api<TokenRecord[]>('GET', '/api/pki/tokens') });
  const history = useQuery({ queryKey: ['token-history', open], enabled: open !== null, queryFn: () => api<TokenEvent[]>('GET', `/api/pki/tokens/${encodeURIComponent(open!)}/history`) });
  return (
    <>
      {list.error && <Alert type="error" title={(list.error as Error).message} />}
      <Table<TokenRecord> rowKey="serial" size="small" loading={list.isLoading} dataSource={list.data} locale={{ emptyText: c('noTokens') }} data-testid="token-register" columns={[
        { title: c('serial'), dataIndex: 'serial', width: 180 },
        { title: c('label'), dataIndex: 'label' },
        { title: c('holder'), render: (_, t) => t.holderName ?? '' },
        { title: c('agency'), render: (_, t) => agencyName(t.agencyId) },
        { title: c('state'), render: (_, t) => <Tag color={TOKEN_COLOR[t.state]}>{nameIn(TOKEN_STATE_NAMES, t.state, lang)}</Tag>, width: 140 },
        { title: c('updatedAt'), render: (_, t) => when(t.updatedAt), width: 150 },
        { title: '', width: 100, render: (_, t) => <Button size="small" onClick={() => setOpen(t.serial)} data-testid="token-history">{c('history')}</Button> },
      ]} />
      <Modal open={open !== null} title={`${c('historyOf')} ${open ?? ''}`} onCancel={() => setOpen(null)} footer={null} destroyOnHidden>
        {history.error && <Alert type="error" title={(history.error as Error).message} />}
        <Timeline data-testid="token-events" items={(history.data ?? []).map((e) => ({
          children: (
            <span>
              <b>{when(e.at)}</b> · {e.fromState ? `${nameIn(TOKEN_STATE_NAMES, e.fromState, lang)} → ` : ''}{nameIn(TOKEN_STATE_NAMES, e.toState, lang)}
              {e.handedBy && <> · {c('handedBy')}: {e.handedBy}</>}{e.receivedBy && <> · {c('receivedBy')}: {e.receivedBy}</>}
              {e.witnessedBy && <> · {c('witnessedBy')}: {e.witnessedBy}</>}{e.authorisation && <> · {c('authorisation')}: {e.authorisation}</>}
              {e.note && <div>{e.note}</div>}
            </span>
          ),
        }))} />
      </Modal>
    </>
  );
}
