/**
 * A list the level above merged: its rows moved into that level's list, so here each request filed in it is shown
 * with its state now, the list holding it and whose turn it is, and its timeline.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { FiledEntry } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { entryTitle, useAgencyNames } from './catalog.ts';
import { EntryTimeline } from './EntryTimeline.tsx';
import { BATCH_LEVEL_NAMES, ENTRY_STATE_NAMES, useQW } from './words.ts';
import { StateTag } from './StateTag.tsx';

export function FiledEntries({ batchId, session }: { batchId: string; session: Session }) {
  const { q, name } = useQW();
  const agencyName = useAgencyNames(session);
  const [tracking, setTracking] = useState<string | null>(null);
  const filed = useQuery({ queryKey: ['request-filed', batchId], queryFn: () => api<FiledEntry[]>('GET', `/api/request-batches/${batchId}/filed`) });
  if (filed.error) return <Alert type="error" title={(filed.error as Error).message} />;
  return (
    <>
      <Typography.Title level={5}>{q('filedTitle')}</Typography.Title>
      <Table<FiledEntry> rowKey={(f) => f.entry.id} size="small" loading={filed.isLoading} dataSource={filed.data ?? []} pagination={false} locale={{ emptyText: q('filedNone') }} data-testid="filed-entries"
        columns={[
          { title: 'STT', width: 50, render: (_, __, i) => i + 1 },
          { title: q('filedPerson'), render: (_, f) => entryTitle(f.entry.values) },
          { title: q('entryState'), render: (_, f) => (
            <>
              <StateTag names={ENTRY_STATE_NAMES} state={f.entry.state} testId="filed-state" />
              {f.entry.state === 'returned' && f.entry.reason && <Typography.Text type="warning">{f.entry.reason}</Typography.Text>}
            </>
          ) },
          { title: q('filedHeldIn'), render: (_, f) => <span data-testid="filed-held">{agencyName(f.batchAgencyId)} ({name(BATCH_LEVEL_NAMES, f.batchLevel)})</span> },
          { title: q('filedWithAgency'), render: (_, f) => <span data-testid="filed-with">{f.withAgencyId ? agencyName(f.withAgencyId) : '—'}</span> },
          { title: q('actions'), render: (_, f) => (
            <>
              <Button size="small" type="link" onClick={() => setTracking(f.entry.id)} data-testid="filed-timeline">{q('timeline')}</Button>
              {f.batchAgencyId === session.agency.id && f.batchId !== batchId && <Link to={`/de-nghi/${f.batchId}`}>{q('filedOpen')}</Link>}
            </>
          ) },
        ]} />
      {tracking && <EntryTimeline entryId={tracking} session={session} onClose={() => setTracking(null)} />}
    </>
  );
}
