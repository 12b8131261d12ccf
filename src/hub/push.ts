/**
 * The hub's push to online offices: a POST of the note (which agency, which message) to the address the agency was
 * registered with. Fire and forget: the message is already in the mailbox, so a push that fails (office down, slow,
 * refusing) is logged and the office's next pull finds it.
 */
import type { PushNotifier } from '../office/axis/hub.ts';

export function httpPushNotifier(warn: (details: object, message: string) => void, timeoutMs = 5_000): PushNotifier {
  return (url, note) => {
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(note), signal: AbortSignal.timeout(timeoutMs) })
      .then(async (response) => {
        await response.body?.cancel();
        if (!response.ok) warn({ url, status: response.status, messageId: note.messageId }, 'axis push refused');
      })
      .catch((err: unknown) => warn({ url, err: (err as Error).message, messageId: note.messageId }, 'axis push failed'));
  };
}
