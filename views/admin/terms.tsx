import { type Assets, Layout, type PageMeta } from '../layout.js';

import { Paragraphs } from '../components/paragraphs.js';

// The public terms page; admins edit its text at /moderering/tekster.

export function TermsPage(props: { meta: PageMeta; assets: Assets; text: string }) {
  const { meta, assets } = props;
  const { t } = meta.tr;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.admin.terms.title}</h1>
      <Paragraphs text={props.text} class="terms" />
      <p>
        <a href="/registrer">{t.admin.terms.registerLink}</a>
      </p>
    </Layout>
  );
}
