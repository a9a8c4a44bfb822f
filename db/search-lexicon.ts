// The reviewed word lists behind search (src/lib/search-words.ts). Changing them changes what
// is indexed: a new migration must then rebuild the index (rebuildSearchIndex), or old entries
// keep the old splitting until they are next written.
//
// Written in ordinary Norwegian spelling; search folds them (æ → ae, ø → o, å → a) itself.

/**
 * Words Norwegian association names end their compounds with (the head: a mannskor *is* a
 * kor), and common first parts. A word of an association name that ends with one of these,
 * with at least three letters before it, is split there: "skolemusikkorps" is indexed as
 * skole + musikk + korps, "sjakklubb" as sjakk + klubb (the merged double consonant).
 *
 * Sources: the kinds in the names of Enhetsregisteret's FLI units in Nord-Troms, Midt-Troms
 * and the Narvik region, and the words of the ICNPO category names (db/reference/categories.csv).
 * Left out on purpose: words of one or two letters, and endings that are common in words that
 * are not compounds ("vel" would split "travel", "ring" "svømming", "tur" "kultur").
 */
export const COMPOUND_WORDS: readonly string[] = [
  // What an association is
  'kor', 'korps', 'klubb', 'lag', 'laget', 'forening', 'foreningen', 'forbund', 'forbundet', 'gruppe', 'gruppa',
  'selskap', 'selskapet', 'samfunn', 'samfunnet', 'sammenslutning', 'organisasjon', 'stiftelse', 'stiftelsen', 'senter', 'sentral',
  'krets', 'kretsen', 'utvalg', 'union', 'allianse', 'nettverk', 'menighet', 'misjon', 'ungdom', 'ensemble', 'orkester', 'band',
  'teater', 'teaterlag', 'idrettslag', 'idrettsforening', 'sanitetsforening', 'velforening', 'grendelag', 'bygdelag',
  'ungdomslag', 'historielag', 'sogelag', 'skytterlag', 'sanglag', 'husflidslag', 'bondelag', 'kvinnelag', 'pensjonistlag',
  'pensjonistforening', 'musikkorps', 'skolekorps', 'hjelpekorps', 'mannskor', 'kvinnekor', 'blandakor', 'barnekor', 'ungdomskor',
  'speidergruppe', 'museum', 'bibliotek', 'hus', 'huset', 'kirke', 'kafe', 'verksted', 'scene', 'festival', 'klubbhus',
  // What they do: the first parts of their names
  'idrett', 'fotball', 'handball', 'volleyball', 'basketball', 'innebandy', 'bandy', 'ishockey', 'friidrett', 'turn', 'ski',
  'skiskyting', 'langrenn', 'alpin', 'svomme', 'svømming', 'bridge', 'sjakk', 'golf', 'tennis', 'bordtennis', 'badminton',
  'klatre', 'klatring', 'ride', 'ridning', 'trav', 'hest', 'hund', 'jakt', 'jeger', 'fiske', 'fisk', 'skytter', 'skyting',
  'padle', 'seil', 'seiling', 'båt', 'roing', 'dans', 'musikk', 'sang', 'kunst', 'kultur', 'film', 'foto', 'skole', 'barn',
  'ungdoms', 'kvinne', 'mann', 'menn', 'senior', 'pensjonist', 'helse', 'omsorg', 'natur', 'miljø', 'dyrevern', 'bolig',
  'historie', 'husflid', 'sanitet', 'bonde', 'bygd', 'grend', 'velferd', 'frivillighet', 'frivillighetssentral', 'turist',
  'friluft', 'friluftsliv', 'motor', 'motorsport', 'snøskuter', 'sykkel', 'løp', 'kampsport', 'karate', 'judo', 'bryting',
  'boksing', 'styrkeløft', 'vektløfting', 'dykke', 'dykking', 'orientering', 'skøyte', 'curling', 'bowling', 'dart',
];

/**
 * Activity nouns and the word a club's name uses, where stemming cannot connect them:
 * svømming (the activity) and Svømmeklubb (svømme + klubb) share no Snowball stem. Either
 * side found in a search also searches the other, as an inflected form.
 */
export const ACTIVITY_PAIRS: readonly (readonly [string, string])[] = [
  ['svømming', 'svømme'],
  ['ridning', 'ride'],
  ['riding', 'ride'],
  ['klatring', 'klatre'],
  ['skyting', 'skytter'],
  ['padling', 'padle'],
  ['dykking', 'dykke'],
  ['seiling', 'seil'],
  ['jakt', 'jeger'],
  ['fisking', 'fiske'],
  ['sykling', 'sykkel'],
  ['løping', 'løp'],
  ['dansing', 'dans'],
  ['synging', 'sang'],
  ['pensjonister', 'pensjonist'],
  ['idrett', 'idretts'],
  ['skøyteløp', 'skøyte'],
];
