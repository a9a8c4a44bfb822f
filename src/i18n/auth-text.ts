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
};

export type AuthText = typeof authTextNb;

export function authText(lang: Language): AuthText {
  return lang === 'en' ? authTextEn : lang === 'nn' ? authTextNn : authTextNb;
}
