import { AssociationForm, type AssociationFormProps } from './association-form.js';
import { type Assets, Layout, type PageMeta } from './layout.js';

export function RegisterPage(props: { meta: PageMeta; assets: Assets; form: Omit<AssociationFormProps, 'tr'> }) {
  const { meta, assets, form } = props;
  const { t } = meta.tr;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.registerTitle}</h1>
      <p class="lead">{t.registerIntro}</p>
      <AssociationForm tr={meta.tr} {...form} />
    </Layout>
  );
}

export function ThanksPage(props: { meta: PageMeta; assets: Assets }) {
  const { t } = props.meta.tr;
  return (
    <Layout {...props.meta} assets={props.assets}>
      <h1>{t.thanksTitle}</h1>
      <p class="lead">{t.thanksText}</p>
      <p>{t.thanksMailText}</p>
      <p>
        <a href="/">{t.notFoundHome}</a>
      </p>
    </Layout>
  );
}
