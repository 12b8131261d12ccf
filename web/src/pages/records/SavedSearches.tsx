/** Saved searches on the search screen: keep the current query under a name, and run a kept one again (through the server, so it finds what is there today). */
import { DeleteOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { SavedQuery, SavedSearch } from '../../../../src/office/index.ts';
import { api, type DocumentRow } from '../../api.ts';
import { useRW } from './words.ts';

export type { SavedSearch };
export interface SavedResults { search: SavedSearch; total: number; totalIsExact: boolean; documents: DocumentRow[] }

/** The results of a saved search, run now; nothing while none is picked */
export function useSavedResults(search: SavedSearch | undefined) {
  return useQuery({
    queryKey: ['documents', 'saved', search?.id], enabled: search !== undefined,
    queryFn: () => api<SavedResults>('GET', `/api/saved-searches/${search!.id}/results?limit=200`),
  });
}

export function SavedSearchBar({ query, running, onRun, onClear }: { query: SavedQuery; running?: SavedSearch; onRun: (s: SavedSearch) => void; onClear: () => void }) {
  const { r } = useRW();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const list = useQuery({ queryKey: ['saved-searches'], queryFn: () => api<SavedSearch[]>('GET', '/api/saved-searches') });
  const kept = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string' && v.trim())) as SavedQuery;
  const save = async () => {
    setBusy(true);
    try {
      await api<SavedSearch>('POST', '/api/saved-searches', { name: name.trim(), query: kept });
      await queryClient.invalidateQueries({ queryKey: ['saved-searches'] });
      message.success(r('savedDone'));
      setNaming(false);
      setName('');
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (s: SavedSearch) => {
    try {
      await api('DELETE', `/api/saved-searches/${s.id}`);
      if (running?.id === s.id) onClear();
      await queryClient.invalidateQueries({ queryKey: ['saved-searches'] });
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <>
      <Space wrap style={{ display: 'flex', marginBottom: 12 }}>
        <Button onClick={() => setNaming(true)} disabled={!kept.q} data-testid="save-search">{r('saveSearch')}</Button>
        <Typography.Text type="secondary">{r('savedSearches')}:</Typography.Text>
        {list.data?.length === 0 && <Typography.Text type="secondary">{r('noSaved')}</Typography.Text>}
        {list.data?.map((s) => (
          <Space.Compact key={s.id}>
            <Button size="small" type={running?.id === s.id ? 'primary' : 'default'} onClick={() => onRun(s)} data-testid="saved-search-run">{s.name}</Button>
            <Popconfirm title={`${r('deleteSaved')} «${s.name}»?`} onConfirm={() => remove(s)}>
              <Button size="small" icon={<DeleteOutlined />} aria-label={r('deleteSaved')} data-testid="saved-search-delete" />
            </Popconfirm>
          </Space.Compact>
        ))}
      </Space>
      {running && (
        <Alert type="info" style={{ marginBottom: 12 }} data-testid="saved-search-running"
          title={<Space>{r('running')} «{running.name}»<Button size="small" onClick={onClear}>{r('clearSaved')}</Button></Space>} />
      )}
      <Modal open={naming} title={r('saveSearch')} onCancel={() => setNaming(false)} onOk={save} okText={r('save')} cancelText={r('cancel')} confirmLoading={busy}
        okButtonProps={{ disabled: !name.trim(), 'data-testid': 'saved-search-ok' } as { disabled: boolean }} destroyOnHidden>
        <Typography.Paragraph type="secondary">«{kept.q}»</Typography.Paragraph>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={r('searchName')} maxLength={100} data-testid="saved-search-name" onPressEnter={() => name.trim() && save()} autoFocus />
      </Modal>
    </>
  );
}
