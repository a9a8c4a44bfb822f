import type { Language } from './index.js';
import { authTextNn } from './nn/auth.js';

// Texts for signing in and out, kept apart from nb.ts/en.ts until they are merged there.

export const authTextNb = {
  loginTitle: 'Logg inn',
  loginIntro: 'For moderatorer og administratorer. Lag og foreninger trenger ingen innlogging for å registrere eller endre oppføringen sin.',
  emailLabel: 'E-postadresse',
  passwordLabel: 'Passord',
  loginSubmit: 'Logg inn',
  emailMissing: 'Skriv inn e-postadressen din.',
  passwordMissing: 'Skriv inn passordet ditt.',
  loginFailed: 'E-postadressen eller passordet er feil.',
  lockedOut: 'For mange forsøk. Vent 15 minutter og prøv igjen.',
  logout: 'Logg ut',
  signedInAs: (email: string) => `Innlogget som ${email}`,
  unauthorizedTitle: 'Du må logge inn',
  unauthorizedText: 'Denne siden er bare for innloggede moderatorer. Økta di kan ha utløpt.',
  unauthorizedLink: 'Gå til innlogging',
  forbiddenTitle: 'Ingen tilgang',
  forbiddenText: 'Brukeren din har ikke tilgang til denne siden.',
  csrfTitle: 'Skjemaet ble avvist',
  csrfText: 'Skjemaet kom ikke fra en gyldig økt på Lagportals egne sider, så ingenting ble endret. Last siden på nytt og prøv igjen.',
  backHome: 'Til forsiden',
  guessingMailSubject: 'Mislykkede innloggingsforsøk på kontoen din i Lagportal',
  guessingMailBody: (p: { email: string; failures: string; minutes: string; loginUrl: string; hours: string }) =>
    `Hei!\n\nDet har vært ${p.failures} mislykkede forsøk på å logge inn som ${p.email} i Lagportal de siste ${p.minutes} minuttene.\n\nVar det deg, kan du se bort fra denne e-posten. Var det ikke deg, prøver noen trolig å gjette passordet ditt. Kontoen din er ikke stengt, og passordet er ikke endret, men velg gjerne et langt passord du ikke bruker andre steder. En administrator kan sette et nytt passord for deg.\n\nLogg inn: ${p.loginUrl}\n\nVi sender denne meldingen høyst én gang hver ${p.hours}. time.\n\nHilsen Lagportal`,
};

export const authTextEn: typeof authTextNb = {
  loginTitle: 'Sign in',
  loginIntro: 'For moderators and administrators. Associations need no account to register or update their entry.',
  emailLabel: 'Email address',
  passwordLabel: 'Password',
  loginSubmit: 'Sign in',
  emailMissing: 'Enter your email address.',
  passwordMissing: 'Enter your password.',
  loginFailed: 'The email address or the password is wrong.',
  lockedOut: 'Too many attempts. Wait 15 minutes and try again.',
  logout: 'Sign out',
  signedInAs: (email: string) => `Signed in as ${email}`,
  unauthorizedTitle: 'You need to sign in',
  unauthorizedText: 'This page is only for signed-in moderators. Your session may have expired.',
  unauthorizedLink: 'Go to sign-in',
  forbiddenTitle: 'No access',
  forbiddenText: 'Your account does not have access to this page.',
  csrfTitle: 'The form was refused',
  csrfText: 'The form did not come from a valid session on Lagportal’s own pages, so nothing was changed. Reload the page and try again.',
  backHome: 'To the front page',
  guessingMailSubject: 'Failed sign-in attempts on your Lagportal account',
  guessingMailBody: (p: { email: string; failures: string; minutes: string; loginUrl: string; hours: string }) =>
    `Hello,\n\nThere have been ${p.failures} failed attempts to sign in as ${p.email} to Lagportal in the last ${p.minutes} minutes.\n\nIf that was you, you can ignore this email. If it was not, someone is probably trying to guess your password. Your account is not locked and your password has not been changed, but do choose a long password you use nowhere else. An administrator can set a new one for you.\n\nSign in: ${p.loginUrl}\n\nWe send this message at most once every ${p.hours} hours.\n\nLagportal`,
};

export type AuthText = typeof authTextNb;

export function authText(lang: Language): AuthText {
  return lang === 'en' ? authTextEn : lang === 'nn' ? authTextNn : authTextNb;
}
