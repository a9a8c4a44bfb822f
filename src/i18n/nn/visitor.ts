import type { visitorTextNb } from '../visitor-text.js';

// Nynorsk: visitors' error reports and the contact form.

export const visitorTextNn: typeof visitorTextNb = {
  reportLink: 'Meld feil',
  reportLinkText: 'Er noko feil eller utdatert her?',
  reportTitle: (name: string) => `Meld feil om ${name}`,
  reportIntro: 'Fortel oss kva som er feil, så ser ein moderator på det. Meldinga blir ikkje vist offentleg.',
  kindLegend: 'Kva er feil?',
  kinds: {
    wrong_info: 'Feil eller utdaterte opplysningar',
    closed: 'Laget er lagt ned',
    broken_link: 'Ei lenkje verkar ikkje',
    other: 'Noko anna',
  },
  reportMessageLabel: 'Skildra feilen',
  reportMessageHint: 'Kva er feil, og kva er rett? Høgst 2000 teikn.',
  reportEmailLabel: 'E-postadressa di',
  reportEmailHint: 'Fyll ut om du vil ha beskjed når feilen er retta. Adressa blir ikkje vist og blir berre brukt til dette.',
  reportSubmit: 'Send meldinga',
  reportThanksTitle: 'Takk for at du sa frå',
  reportThanksText: 'Ein moderator ser på meldinga, vanlegvis innan nokre dagar.',
  backToEntry: (name: string) => `Tilbake til ${name}`,
  errors: {
    kindRequired: 'Vel kva som er feil.',
    reportMessageRequired: 'Skildra feilen, så moderatoren veit kva som skal rettast.',
    reportMessageTooLong: 'Skildringa kan vera høgst 2000 teikn.',
    emailRequired: 'Skriv e-postadressa di, så laget kan svara deg.',
    emailInvalid: 'Skriv e-postadressa i rett format, til dømes namn@example.no.',
    emailTooLong: 'E-postadressa kan vera høgst 254 teikn.',
    nameRequired: 'Skriv namnet ditt.',
    nameTooLong: 'Namnet kan vera høgst 120 teikn.',
    contactMessageRequired: 'Skriv ei melding til laget.',
    contactMessageTooLong: 'Meldinga kan vera høgst 3000 teikn.',
  },
  mailReportHandledSubject: (name: string) => `Feilen du melde om ${name}, er handsama`,
  mailReportHandledBody: (p: { name: string; url: string }) =>
    `Hei!\n\nTakk for at du melde frå om feil på ${p.name} i Lagportal. Ein moderator har sett på det og gjort det som trongst:\n${p.url}\n\nHelsing Lagportal`,

  contactLink: 'Send ei melding',
  contactTitle: (name: string) => `Send ei melding til ${name}`,
  contactIntro: 'Meldinga blir send på e-post til laget, og dei svarer direkte til deg.',
  contactNameLabel: 'Namnet ditt',
  contactEmailLabel: 'E-postadressa di',
  contactEmailHint: 'Laget svarer til denne adressa. Lagportal lagrar ho ikkje ut over e-posten som blir send.',
  contactMessageLabel: 'Melding',
  contactMessageHint: 'Høgst 3000 teikn.',
  contactSubmit: 'Send meldinga',
  contactThanksTitle: 'Meldinga er send',
  contactThanksText: (name: string) => `Meldinga er send til ${name}. Svaret kjem på e-post direkte frå laget.`,
  mailContactSubject: 'Ny melding via kontaktskjemaet i Lagportal',
  mailContactBody: (p: { association: string; from: string; message: string; url: string }) =>
    `${p.message}\n\n-- \nDenne meldinga vart send av ${p.from} via kontaktskjemaet for ${p.association} på Lagportal:\n${p.url}\nSvar på e-posten for å svara avsendaren. Lagportal har ikkje vist e-postadressa dykkar til avsendaren.`,

  queueReportKind: 'Kva er feil',
  queueReportMessage: 'Melding',
  queueReporterWantsReply: 'Den som melde frå, får e-post når du markerer saka som handsama.',
  handle: 'Marker som handsama',
  dismiss: 'Avvis',
  decided: {
    handled: 'Markert som handsama.',
    dismissed: 'Avvist.',
  },
};
