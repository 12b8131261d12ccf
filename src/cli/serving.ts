/** What the long-running commands (`start`, `hub start`, `agent`) share: the port option and a clean stop */
import { InvalidArgumentError } from 'commander';

export const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('cổng phải là số nguyên 0–65535');
  return port;
};

/** Stops cleanly on Ctrl-C or a service manager's SIGTERM */
export function stopOnSignal(running: { close(): Promise<void> }): void {
  const stop = async () => { await running.close(); process.exit(0); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
