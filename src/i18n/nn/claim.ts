import type { claimTextNb } from '../claim-text.js';

// Nynorsk: claiming an entry imported from Einingsregisteret.

export const claimTextNn: typeof claimTextNb = {
  promptHeading: 'Er dette laget ditt?',
  promptText: 'Opplysningane er henta frå Einingsregisteret. Er du med i laget, kan du ta over oppføringa og halda ho oppdatert.',
  promptLink: (name: string) => `Ta over oppføringa for ${name}`,
  title: (name: string) => `Er dette laget ditt? ${name}`,
  intro:
    'Fortel oss kven du er, så sjekkar ein moderator at du høyrer til laget. Når det er godkjent, får du ei privat lenkje på e-post der du kan endra opplysningane.',
  fromRegister: 'Opplysningane om laget er henta frå Einingsregisteret.',
  privacy: 'Namnet, e-postadressa og telefonnummeret ditt blir ikkje viste på sida til laget; berre moderatorane ser dei.',
  labels: {
    contact_name: 'Namnet ditt',
    contact_email: 'E-postadressa di',
    phone: 'Telefonnummer',
    message: 'Kva rolle har du i laget?',
    accept_terms: 'Eg godtek vilkåra og stadfestar at eg har lov til å oppdatera opplysningane om laget',
  },
  hints: {
    contact_email: 'Hit sender vi lenkja du endrar laget med.',
    phone: 'I tilfelle moderatoren vil ringja deg. Norske nummer kan skrivast 912 34 567.',
    message: 'Til dømes «leiar», «sekretær» eller «styremedlem». Skriv gjerne noko som gjer det lett å sjekka.',
  },
  errors: {
    contactNameRequired: 'Skriv namnet ditt.',
    contactNameTooLong: 'Namnet kan ikkje vera lengre enn 120 teikn.',
    contactEmailRequired: 'Skriv e-postadressa di.',
    contactEmailInvalid: 'Skriv ei gyldig e-postadresse, til dømes namn@døme.no.',
    contactEmailTooLong: 'E-postadressa kan ikkje vera lengre enn 254 teikn.',
    messageRequired: 'Skriv kva rolle du har i laget.',
    messageTooLong: 'Skriv kortare: høgst 1000 teikn.',
    acceptTermsRequired: 'Kryss av for at du godtek vilkåra.',
  },
  submit: 'Send til moderator',
  alreadyClaimed: 'Denne oppføringa har alt ein kontaktperson. Er opplysningane feil, kan du be kontaktpersonen om ei endringslenkje.',
  thanksTitle: 'Takk! Vi sjekkar det',
  thanksText: 'Ein moderator ser på førespurnaden din. Når han er godkjend, får du ein e-post med ei privat lenkje der du kan endra opplysningane om laget.',
  backToAssociation: 'Tilbake til laget',
  queueClaimant: 'Kven',
  queueEmail: 'E-post',
  queuePhone: 'Telefon',
  queueMessage: 'Rolle i laget',
  queueOtherClaims: (n: string) => `${n} andre ventar på svar for dette laget. Godkjenner du denne, blir dei andre avviste.`,
  mailApprovedSubject: (name: string) => `Du er no kontaktperson for ${name} i Lagportal`,
  mailApprovedBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nDu er godkjend som kontaktperson for ${p.name} i Lagportal. Med denne private lenkja kan du endra opplysningane om laget:\n\n${p.link}\n\nLenkja verkar i ${p.days} dagar. Ikkje del ho med andre. Treng du ei ny lenkje seinare, kan du be om ho på nettstaden.\n\nHelsing Lagportal`,
  mailRejectedSubject: (name: string) => `Førespurnaden om ${name} vart ikkje godkjend`,
  mailRejectedBody: (p: { name: string; reason: string }) =>
    `Hei!\n\nDu bad om å bli kontaktperson for ${p.name} i Lagportal. Moderatoren godkjende det ikkje og skreiv:\n\n${p.reason}\n\nHelsing Lagportal`,
  otherClaimApprovedReason: 'Ein annan person frå laget er alt godkjend som kontaktperson.',
};
