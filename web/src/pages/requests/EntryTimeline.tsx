/** A request tracked from its filing to the end: each step, who, which agency, when, and why when it was returned. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Modal, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { RequestEntry, TimelineEvent } from '../../../../src/office/index.ts';
import { api, type Session } from '../../api.ts';
import { entryTitle, useAgencyNames, when } from './catalog.ts';
import { ACTION_NAMES, ENTRY_STATE_NAMES, useQW } from './words.ts';
import { StateTag } from './StateTag.tsx';

export function EntryTimeline({ entryId, session, onClose }: { entryId: string; session: Session; onClose: () => void }) {
  const { q, name } = useQW();
  const agencyName = useAgencyNames(session);
  const data = useQuery({ queryKey: ['request-entry-timeline', entryId], queryFn: () => api<{ entry: RequestEntry; events: TimelineEvent[] }>('GET', `/api/request-entries/${entryId}/timeline`) });
  return (
    <Modal open title={q('timelineTitle')} onCancel={onClose} footer={null} width={680}>
      {data.isLoading && <Spin />}
      {data.error && <Alert type="error" title={(data.error as Error).message} />}
      {data.data && (
        <>
          <Space style={{ marginBottom: 16 }}>
            <Typography.Text strong>{entryTitle(data.data.entry.values)}</Typography.Text>
            <StateTag names={ENTRY_STATE_NAMES} state={data.data.entry.state} testId="timeline-state" />
          </Space>
          <Timeline data-testid="timeline"
            items={data.data.events.map((e) => ({
              key: e.version,
              color: e.action === 'return' ? 'orange' : e.action === 'approve' || e.action === 'done' ? 'green' : 'blue',
              content: (
                <div data-testid="timeline-event">
                  <Typography.Text strong>{name(ACTION_NAMES, e.action)}</Typography.Text>{' '}
                  <Tag>{name(ENTRY_STATE_NAMES, e.to)}</Tag>
                  <div><Typography.Text type="secondary">{when(e.at)} · {e.actorName ?? ''}{e.agencyId ? ` · ${agencyName(e.agencyId)}` : ''}</Typography.Text></div>
                  {e.reason && <div>{q('reasonLabel')}: <Typography.Text type="warning">{e.reason}</Typography.Text></div>}
                  {typeof e.details.outcome === 'string' && <div>{q('outcome')}: {e.details.outcome}</div>}
                </div>
              ),
            }))} />
        </>
      )}
    </Modal>
  );
}
