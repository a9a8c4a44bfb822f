import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { association, get, testApp } from './helpers.js';

// html-validate's recommended rules check HTML5 validity plus accessibility basics
// (labels, unique ids, headings, landmarks). Only rules about our own formatting style are off.
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-trailing-whitespace': 'off',
    'attribute-boolean-style': 'off',
    'attribute-empty-style': 'off',
    'void-style': 'off',
    'no-inline-style': 'error',
    // kommune and kategori are repeatable: a select for the first value, hidden inputs for the rest.
    // The rule cannot be told that a select and hidden inputs may share a name, so it is off.
    'form-dup-name': 'off',
  },
});

let app: App;
beforeAll(async () => {
  ({ app } = await testApp((reference) => [
    association(reference, {
      name: 'Bjerkvik Blandakor',
      categories: ['kunst-og-kultur', 'idrett'],
      place: 'bjerkvik',
      website: 'https://kor.example.no/',
      email: 'post@kor.example.no',
      phone: '+47 91 23 45 67',
      links: [{ kind: 'instagram', url: 'https://www.instagram.com/kor/' }],
    }),
    association(reference, { name: 'Senja Skiklubb', municipalityNumber: '5530' }),
  ]));
});

const pages = [
  '/',
  '/lag',
  '/lag?q=kor&kommune=1806&kommune=5530&kategori=idrett&kategori=helse&sted=bjerkvik',
  '/lag?q=finnes-ikke',
  '/lag?kommune=abc&side=0',
  '/lag/bjerkvik-blandakor',
  '/kommune/1806',
  '/kommune/5544',
  '/kategori/kultur-og-fritid',
  '/finnes-ikke',
];

describe.each(['nb', 'en'])('every page type in %s', (lang) => {
  it.each(pages)('%s is valid HTML5 with one h1, a skip link and labelled fields', async (path) => {
    const { body, doc } = await get(app, path, { Cookie: `lang=${lang}` });
    const report = await validator.validateString(body);
    const problems = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
    expect(problems).toEqual([]);

    expect(doc.querySelector('html')?.getAttribute('lang')).toBe(lang);
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    const skip = doc.querySelector('body > a.skip-link');
    expect(skip?.getAttribute('href')).toBe('#main');
    expect(doc.querySelector('main#main')).not.toBeNull();
    for (const field of doc.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const id = field.getAttribute('id');
      expect(id, `field ${field.getAttribute('name')} has an id`).toBeTruthy();
      expect(doc.querySelector(`label[for="${id}"]`), `field ${id} has a label`).not.toBeNull();
    }
  });
});
