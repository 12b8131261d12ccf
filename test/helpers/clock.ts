/** A clock the test moves by hand, for lockouts and session expiry. */
export function manualClock(start = new Date('2026-03-22T02:15:30Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advanceMinutes: (minutes: number) => { now += minutes * 60_000; },
  };
}
