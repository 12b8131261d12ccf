/**
 * Background work in rounds: one every `intervalMs`, never two at once (a slow round delays the next rather than
 * doubling the work), and `wake` for a round now — wakes during a round ask for one more round after it, never
 * for one each.
 */
export interface Rounds { stop(): Promise<void>; runOnce(): Promise<void>; wake(): void }

export function startRounds(round: () => Promise<unknown>, intervalMs: number, onError: (err: unknown) => void): Rounds {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const runOnce = async () => {
    running ??= (async () => {
      try {
        await round();
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
