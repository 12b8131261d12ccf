/** How the request screens act: run a call, say it was done in their words, and reload every request view. */
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { useRunner } from '../../runner.ts';
import { useQW, type RequestWord } from './words.ts';

/** The views an action can change: the open list, our lists, the lists sent to us, our returned requests */
const REQUEST_VIEWS = ['request-batch', 'request-batches', 'request-inbox', 'request-returned'] as const;

export function useRequestActions() {
  const { q } = useQW();
  const run = useRunner();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const refresh = () => Promise.all(REQUEST_VIEWS.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
  /** Runs an action and reloads the views, also after a refusal: the version on screen may have moved. True when it was done */
  const act = async (done: RequestWord | null, call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    try {
      return await run(call, done ? q(done) : undefined);
    } finally {
      setBusy(false);
      await refresh();
    }
  };
  /** A form's save: said and reloaded once through; a refusal is thrown on for the form to show under its fields */
  const save = async (done: RequestWord, call: () => Promise<unknown>) => {
    await call();
    message.success(q(done));
    await refresh();
  };
  return { act, save, busy };
}
