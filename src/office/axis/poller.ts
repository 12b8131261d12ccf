/** The office's link to the hub run in the background: send what is due, then pull, again and again, one round at a time. */
import type { AxisLink } from './link.ts';

export interface AxisPoller { stop(): Promise<void>; runOnce(): Promise<void> }

export function startAxisPoller(link: AxisLink, intervalMs: number, onError: (err: unknown) => void): AxisPoller {
  let running: Promise<void> | undefined;
  let stopped = false;
  const runOnce = async () => {
    // Rounds never overlap: a slow hub delays the next round rather than doubling the work
    running ??= (async () => {
      try {
        await link.send();
        await link.pull();
        await link.send(); // statuses owed for what was just taken in go out in the same round
        await link.alerts();
      } catch (err) {
        onError(err);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => { if (!stopped) void runOnce(); }, intervalMs);
  timer.unref();
  return { runOnce, stop: async () => { stopped = true; clearInterval(timer); await running; } };
}
