import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import { Navigate, Route, Routes } from 'react-router-dom';
import { api, ApiError, setCsrfToken, type Session } from './api.ts';
import { SetupPage } from './pages/SetupPage.tsx';
import { Shell } from './pages/Shell.tsx';
import { SignInPage } from './pages/SignInPage.tsx';

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const session = await api<Session>('GET', '/api/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
  });
}

export function App() {
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api<{ needed: boolean }>('GET', '/api/setup') });
  const session = useSession();
  if (setup.isLoading || session.isLoading) return <Spin fullscreen />;
  if (setup.data?.needed) return <SetupPage />;
  return (
    <Routes>
      <Route path="/dang-nhap" element={session.data ? <Navigate to="/" replace /> : <SignInPage />} />
      <Route path="/*" element={session.data ? <Shell session={session.data} /> : <Navigate to="/dang-nhap" replace />} />
    </Routes>
  );
}
