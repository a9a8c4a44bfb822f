import type { SignedInUser } from '../../src/app-env.js';

/** Hidden fields every moderator form carries. */
export function CsrfField(props: { user: SignedInUser }) {
  return <input type="hidden" name="csrf" value={props.user.csrfToken} />;
}
