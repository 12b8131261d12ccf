import {
  AlertOutlined, ApartmentOutlined, AuditOutlined, BookOutlined, FormOutlined, FolderOpenOutlined, SearchOutlined, BarChartOutlined, InboxOutlined, KeyOutlined, MailOutlined, SafetyCertificateOutlined, SendOutlined, SettingOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Layout, Menu, Result, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { api, type Session } from '../api.ts';
import { nameIn, ROLE_NAMES, useLang, useT, type Key } from '../i18n.tsx';
import { AccountPage } from './AccountPage.tsx';
import { AdminPage } from './AdminPage.tsx';
import { DocumentPage } from './documents/DocumentPage.tsx';
import { IncomingPage, OutgoingPage, SearchBox } from './documents/lists.tsx';
import { CaseFileDetailPage, CaseFilesPage } from './records/CaseFilesPage.tsx';
import { NotificationBell } from './records/NotificationBell.tsx';
import { RegistersPage } from './records/RegistersPage.tsx';
import { useRW, type RecordWord } from './records/words.ts';
import { RegistriesSection } from './accounts/RegistriesSection.tsx';
import { ReportsPage } from './reports/ReportsPage.tsx';
import { CertificatesPage } from './certificates/CertificatesPage.tsx';
import { LineChartOutlined } from '@ant-design/icons';
import { StatisticsPage } from './statistics/StatisticsPage.tsx';
import { AdvisoriesPage } from './advisories/AdvisoriesPage.tsx';
import { AdvisoryBanner } from './advisories/AdvisoryBanner.tsx';
import { useAW } from './advisories/words.ts';
import { BatchPage } from './requests/BatchPage.tsx';
import { RequestsPage } from './requests/RequestsPage.tsx';
import { useQW } from './requests/words.ts';

type Role = Session['user']['roles'][number];
/** The menu: a section without a page yet says so; one with a role shows only to those who hold it */
const SECTIONS: readonly { path: string; key: Key | RecordWord | 'requests' | 'advisories'; icon: ReactNode; built?: boolean; role?: Role }[] = [
  { path: '/van-ban-den', key: 'incoming', icon: <InboxOutlined />, built: true },
  { path: '/van-ban-di', key: 'outgoing', icon: <SendOutlined />, built: true },
  { path: '/tra-cuu', key: 'searchDocuments', icon: <SearchOutlined />, built: true },
  { path: '/so-van-ban', key: 'registers', icon: <BookOutlined />, built: true },
  { path: '/ho-so', key: 'caseFiles', icon: <FolderOpenOutlined />, built: true },
  { path: '/de-nghi', key: 'requests', icon: <FormOutlined />, built: true },
  { path: '/ky-so', key: 'signing', icon: <AuditOutlined /> },
  { path: '/chung-thu-so', key: 'certificates', icon: <SafetyCertificateOutlined />, built: true },
  { path: '/tai-khoan-thu-cong-vu', key: 'accounts', icon: <MailOutlined />, built: true },
  { path: '/lien-thong', key: 'interconnection', icon: <ApartmentOutlined /> },
  { path: '/bao-cao', key: 'reports', icon: <BarChartOutlined />, built: true },
  { path: '/thong-ke', key: 'statistics', icon: <LineChartOutlined />, built: true },
  { path: '/canh-bao', key: 'advisories', icon: <AlertOutlined />, built: true, role: 'dic_operator' },
  { path: '/quan-tri', key: 'admin', icon: <SettingOutlined />, built: true, role: 'admin' },
];

function NotBuilt({ title }: { title: string }) {
  const t = useT();
  return <Result status="info" title={title} subTitle={<><b>{t('notBuilt')}.</b> {t('notBuiltDetail')}</>} />;
}

export function Shell({ session }: { session: Session }) {
  const tApp = useT();
  const { r } = useRW();
  const { q } = useQW();
  const { a } = useAW();
  // The records, requests and advisories sections' names live in their own words
  const t = (key: Key | RecordWord | 'requests' | 'advisories') => (key === 'requests' ? q(key) : key === 'advisories' ? a(key) : key === 'registers' || key === 'caseFiles' ? r(key) : tApp(key as Key));
  const { lang, setLang } = useLang();
  const location = useLocation();
  const queryClient = useQueryClient();
  const signOut = async () => {
    await api('POST', '/api/auth/sign-out');
    queryClient.setQueryData(['session'], null);
  };
  const selected = SECTIONS.find((s) => location.pathname.startsWith(s.path))?.path ?? location.pathname;
  const roles = session.user.roles;
  const isAdmin = roles.includes('admin');
  const isDic = roles.includes('dic_operator');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={240} theme="light" breakpoint="lg" collapsedWidth={0}>
        <div style={{ padding: 16, fontWeight: 700, color: '#b71c1c', fontSize: 18 }}>congvan</div>
        <Menu mode="inline" selectedKeys={[selected]} data-testid="main-menu"
          items={SECTIONS.filter((s) => !s.role || roles.includes(s.role)).map((s) => ({ key: s.path, icon: s.icon, label: <Link to={s.path}>{t(s.key)}</Link> }))} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'space-between', alignItems: 'center', paddingInline: 24 }}>
          <Typography.Text strong data-testid="agency-name">{session.agency.name}</Typography.Text>
          <Space>
            <NotificationBell />
            <Link to="/tai-khoan-cua-toi" data-testid="current-user"><KeyOutlined /> {session.user.fullName}</Link>
            {roles.map((role) => <Tag key={role}>{nameIn(ROLE_NAMES, role, lang)}</Tag>)}
            <Button size="small" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>{t('language')}</Button>
            <Button size="small" onClick={signOut}>{t('signOut')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          {session.user.mustChangePassword && location.pathname !== '/tai-khoan-cua-toi' && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={<Link to="/tai-khoan-cua-toi">{t('mustChange')}</Link>} />
          )}
          <AdvisoryBanner />
          <Routes>
            <Route path="/" element={<Navigate to="/van-ban-den" replace />} />
            {SECTIONS.filter((s) => !s.built).map((s) => <Route key={s.path} path={s.path} element={<NotBuilt title={t(s.key)} />} />)}
            <Route path="/van-ban-den" element={<IncomingPage session={session} />} />
            <Route path="/van-ban-di" element={<OutgoingPage session={session} />} />
            <Route path="/tra-cuu" element={<SearchBox withSaved />} />
            <Route path="/so-van-ban" element={<RegistersPage session={session} />} />
            <Route path="/ho-so" element={<CaseFilesPage />} />
            <Route path="/ho-so/:id" element={<CaseFileDetailPage />} />
            <Route path="/van-ban/:id" element={<DocumentPage session={session} />} />
            <Route path="/de-nghi" element={<RequestsPage session={session} />} />
            <Route path="/de-nghi/:id" element={<BatchPage session={session} />} />
            <Route path="/tai-khoan-thu-cong-vu" element={isAdmin || isDic ? <RegistriesSection session={session} /> : <NotBuilt title={t('accounts')} />} />
            <Route path="/chung-thu-so" element={<CertificatesPage session={session} />} />
            <Route path="/bao-cao" element={isAdmin || isDic ? <ReportsPage /> : <NotBuilt title={t('reports')} />} />
            <Route path="/thong-ke" element={<StatisticsPage session={session} />} />
            <Route path="/canh-bao" element={isDic ? <AdvisoriesPage /> : <Navigate to="/" replace />} />
            <Route path="/quan-tri/*" element={isAdmin ? <AdminPage session={session} /> : <Navigate to="/" replace />} />
            <Route path="/tai-khoan-cua-toi" element={<AccountPage session={session} />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
