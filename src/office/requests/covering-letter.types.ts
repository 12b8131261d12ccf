/** The shapes of a batch's covering letter (issue 7): what the caller gives, and what the layout is decided as. */
import type { BatchDocumentInput, TableColumn } from './batch-table.ts';

export interface LetterSigner {
  /** Signing authority line, when the signer signs for someone (Decree 30: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN") */
  readonly authority?: string;
  /** The signer's title, printed in capitals ("CHỦ TỊCH", "TRƯỞNG PHÒNG") */
  readonly title: string;
  /** Printed under the signature; the signature is placed above it */
  readonly name: string;
}

export interface CoveringLetterInput extends BatchDocumentInput {
  /** Number and notation ("15/UBND-VHTT"); before numbering only the notation ("/UBND-VHTT") */
  readonly notation: string;
  /** The place in the date line ("Lai Châu", "Tam Đường") */
  readonly place: string;
  readonly date: Date;
  /** The next level the batch goes to, after "Kính gửi:" */
  readonly recipient: string;
  readonly signer: LetterSigner;
  /** Other recipients listed under "Nơi nhận:" besides "Như trên" and the archive */
  readonly copiesTo?: readonly string[];
  /** The "V/v …" line; by default the form's subject or title */
  readonly subject?: string;
}

/** The input with its texts settled. @internal */
export interface CoveringLetter extends CoveringLetterInput {
  readonly subject: string;
  readonly opening: readonly string[];
  readonly closingText: readonly string[];
}

/** A4 portrait when the form's columns fit 165 mm, landscape when they fit 252 mm, else landscape with the main columns. @internal */
export interface LetterLayout {
  readonly orientation: 'portrait' | 'landscape';
  readonly textWidthMm: number;
  readonly columns: readonly TableColumn[];
  readonly omitted: readonly string[];
}
