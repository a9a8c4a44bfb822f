import type { Translator } from '../src/i18n/index.js';
import type { Notice } from '../src/lib/list-query.js';

/** Explains which parts of the URL were not used, so a bad bookmark is never silently "fixed". */
export function Notices(props: { tr: Translator; notices: Notice[] }) {
  const { tr, notices } = props;
  if (notices.length === 0) return null;
  return (
    <div class="notice" role="alert">
      <h2>{tr.t.noticeHeading}</h2>
      <ul>
        {notices.map((n) => {
          const message = tr.t[n.key] as (...args: string[]) => string;
          return <li>{message(...n.args)}</li>;
        })}
      </ul>
    </div>
  );
}
