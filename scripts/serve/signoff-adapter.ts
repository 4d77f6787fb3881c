// signoff-adapter: the one place where the dev server meets the sign-off record
// (issue 11). Connect it at merge: call the sign-off stage and its history writer here.
export interface SignOffRequest {
  lang: string;
  document: string;
  status: 'reviewed' | 'approved';
  /** "Name, role" of the person signing off. */
  by: string;
  note?: string;
}

export type SignOffResult = { ok: true; message: string } | { ok: false; status: number; error: string; hint: string };

/** Records a sign-off; today the record does not exist on this branch, so it refuses with 501. */
export async function signOff(_root: string, _request: SignOffRequest): Promise<SignOffResult> {
  return { ok: false, status: 501, error: 'sign-off record not available yet', hint: 'The sign-off record (issue 11) is not merged into this build; nothing was written.' };
}
