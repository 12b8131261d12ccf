/**
 * The office's link to the hub run in the background: send what is due, then pull, again and again, one round at a
 * time. `wake` runs a round now — when the hub pushes a note, or when a user's action may owe the axis something —
 * instead of at the next tick; wakes during a round ask for one more round after it, never for one each.
 */
import type { AxisLink } from './link.ts';

export interface AxisPoller { stop(): Promise<void>; runOnce(): Promise<void>; wake(): void }

export function startAxisPoller(link: AxisLink, intervalMs: number, onError: (err: unknown) => void): AxisPoller {
  let running: Promise<void> | undefined;
  let again = false;
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
  const wake = () => {
    if (stopped) return;
    if (running) {
      if (again) return;
      again = true;
      void running.then(() => { again = false; return stopped ? undefined : runOnce(); });
      return;
    }
    void runOnce();
  };
  const timer = setInterval(() => { if (!stopped) void runOnce(); }, intervalMs);
  timer.unref();
  return { runOnce, wake, stop: async () => { stopped = true; clearInterval(timer); while (running) await running; } };
}
