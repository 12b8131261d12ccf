/**
 * A letter of Lai Châu taken straight through the outgoing flow by the demo's people (issue 5): drafted by the
 * specialist, approved and signed by the leader, numbered and sealed by the clerk, issued to the recipients. For
 * tests that need issued documents, not the flow's own checks (issuing.test.ts asserts each step).
 */
import { letterPdf } from '../../src/pades/test-fixtures.ts';
import type { Actor, Office } from '../../src/office/index.ts';
import type { Recipient } from '../../src/office/documents/issuing.ts';
import type { NewDraft } from '../../src/office/documents/documents.ts';

export interface StraightLetter {
  readonly recipients: readonly Recipient[];
  readonly subject?: string;
  readonly urgency?: NewDraft['urgency'];
  readonly replaces?: NewDraft['replaces'];
  /** The file drafted; a one-page PDF letter by default */
  readonly file?: { name: string; bytes: Uint8Array };
  /** The clerk ticks "a paper copy goes too" at issue */
  readonly paperCopy?: boolean;
}

/** The issued document's id */
export async function issueStraightThrough(office: Office, actorOf: (username: string) => Promise<Actor>, letter: StraightLetter): Promise<string> {
  const [author, leader, clerk] = await Promise.all(['laichau.chuyenvien', 'laichau.lanhdao', 'laichau.vanthu'].map(actorOf));
  const draft = await office.documents.createDraft(author!, {
    typeCode: 'cong-van', subject: letter.subject ?? 'V/v phối hợp liên thông văn bản điện tử',
    ...(letter.urgency ? { urgency: letter.urgency } : {}), ...(letter.replaces ? { replaces: letter.replaces } : {}),
  });
  await office.files.attach(author!, draft.id, letter.file ?? { name: 'cong-van.pdf', bytes: await letterPdf() });
  await office.issuing.setRecipients(author!, draft.id, letter.recipients);
  await office.outgoing.submit(author!, draft.id, [leader!.userId]);
  await office.outgoing.approve(leader!, draft.id);
  await office.issuing.signOnServer(leader!, draft.id, letter.file ? undefined : { page: 0, rect: [350, 100, 500, 160] });
  await office.issuing.number(clerk!, draft.id, 'UBND', 'VP');
  await office.issuing.sealOnServer(clerk!, draft.id);
  await office.issuing.issue(clerk!, draft.id, letter.paperCopy === undefined ? {} : { paperCopy: letter.paperCopy });
  return draft.id;
}
