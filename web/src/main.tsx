import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { setApiLang } from './api.ts';
import { App } from './App.tsx';
import { LangContext, type Lang } from './i18n.tsx';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

function Root() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('congvan.lang') === 'en' ? 'en' : 'vi'));
  setApiLang(lang);
  const setLang = (next: Lang) => {
    localStorage.setItem('congvan.lang', next);
    setApiLang(next);
    document.documentElement.lang = next;
    setLangState(next);
  };
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider locale={lang === 'en' ? enUS : viVN} theme={{ token: { colorPrimary: '#b71c1c', fontFamily: "'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif" } }}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><Root /></StrictMode>);
