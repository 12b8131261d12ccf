/** An action as every screen runs it: the server's refusal shown as it worded it, what was done said once it is done. */
import { App } from 'antd';

export function useRunner() {
  const { message } = App.useApp();
  return async (work: () => Promise<unknown>, done?: string): Promise<boolean> => {
    try {
      await work();
      if (done) message.success(done);
      return true;
    } catch (err) {
      message.error((err as Error).message);
      return false;
    }
  };
}
