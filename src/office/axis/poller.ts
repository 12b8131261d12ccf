/**
 * The office's link to the hub run in the background, in rounds (shared/rounds.ts): send what is due, then pull.
 * `wake` runs a round now — when the hub pushes a note, or when a user's action may owe the axis something.
 */
import { startRounds, type Rounds } from '../../shared/rounds.ts';
import type { AxisLink } from './link.ts';

export type AxisPoller = Rounds;

export function startAxisPoller(link: AxisLink, intervalMs: number, onError: (err: unknown) => void): AxisPoller {
  return startRounds(async () => {
    await link.send();
    await link.pull();
    await link.send(); // statuses owed for what was just taken in go out in the same round
    await link.alerts();
  }, intervalMs, onError);
}
