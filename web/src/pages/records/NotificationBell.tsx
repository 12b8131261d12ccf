/** The bell in the header: how many notifications are unread; a click shows the recent ones, and opening one marks it read and goes to its document. */
import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Notification } from '../../../../src/office/index.ts';
import { api } from '../../api.ts';
import { useRW } from './words.ts';

export function NotificationBell() {
  const { r } = useRW();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const count = useQuery({ queryKey: ['notifications', 'count'], queryFn: () => api<{ unread: number }>('GET', '/api/notifications/count'), refetchInterval: 60_000 });
  const recent = useQuery({ queryKey: ['notifications', 'recent'], queryFn: () => api<Notification[]>('GET', '/api/notifications?limit=20'), enabled: open });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const read = async (n: Notification) => {
    try {
      if (!n.readAt) await api('POST', `/api/notifications/${n.id}/read`);
      await refresh();
      if (n.documentId) {
        setOpen(false);
        navigate(`/van-ban/${n.documentId}`);
      }
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const readAll = async () => {
    try {
      await api('POST', '/api/notifications/read-all');
      await refresh();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const unread = count.data?.unread ?? 0;
  const content = (
    <div style={{ width: 380, maxHeight: 440, overflowY: 'auto' }} data-testid="notification-list">
      <List size="small" loading={recent.isLoading} dataSource={recent.data} locale={{ emptyText: r('noNotifications') }}
        renderItem={(n) => (
          <List.Item onClick={() => read(n)} style={{ cursor: 'pointer', background: n.readAt ? undefined : '#e6f4ff' }} data-testid="notification-item" data-read={n.readAt ? 'yes' : 'no'}>
            <List.Item.Meta
              title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
              description={<>
                <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-line', marginBottom: 4 }} ellipsis={{ rows: 3 }}>{n.body}</Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{new Date(n.createdAt).toLocaleString('vi-VN')}</Typography.Text>
              </>} />
          </List.Item>
        )} />
    </div>
  );
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" content={content}
      title={<div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <span>{r('notifications')}{unread ? ` (${unread} ${r('unread')})` : ''}</span>
        {unread > 0 && <Button size="small" type="link" onClick={readAll} data-testid="notifications-read-all">{r('markAllRead')}</Button>}
      </div>}>
      <span data-testid="notification-bell-count" data-unread={count.data ? unread : undefined}>
        <Badge count={unread} size="small" title={String(unread)}>
          <Button size="small" shape="circle" icon={<BellOutlined />} aria-label={r('notifications')} data-testid="notification-bell" />
        </Badge>
      </span>
    </Popover>
  );
}
