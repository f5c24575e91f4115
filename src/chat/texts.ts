/**
 * Everything the bot says in its own words, in Arabic, French and English.
 * Adapters never write user-facing sentences themselves: they take them from here.
 *
 * ```ts
 * t('ar').tooLong(500) // → 'السؤال طويل جدا: ...'
 * ```
 */
import type { Lang } from '../types.ts';

export interface Texts {
  /** Greeting for /start and first contact. */
  welcome: string;
  /** How to use the bot: one paragraph. */
  help: string;
  /** "Try asking:" before example questions. */
  examplesIntro: string;
  /** Usage for an empty /ask or an empty mention. */
  usage: (command: string) => string;
  /**
   * The articles do not answer; `topics` lists what they cover. `writtenIn`,
   * when given, is the languages the articles are written in, none of them the
   * question's: the user is told to ask in one of them.
   */
  notCovered: (topics: string[], writtenIn?: Lang[]) => string;
  tooLong: (max: number) => string;
  /** Sticker, photo, voice, file. */
  textOnly: string;
  rateLimited: (seconds: number) => string;
  /** Something broke on our side. */
  sorry: string;
  sourcesTitle: string;
  noSources: string;
  source: string;
  date: string;
  passage: string;
  wholePassage: string;
  otherMatches: string;
  noOtherMatches: string;
  expired: string;
  /** Command descriptions for the platforms' command menus (≤ 100 chars). */
  commands: { ask: string; help: string; sources: string; start: string; questionOption: string };
}

/** The names of the languages, in each language (Arabic's as they follow the preposition ب: بالعربية). */
const AR_NAMES: Record<Lang, string> = { ar: 'العربية', fr: 'الفرنسية', en: 'الإنجليزية' };
const FR_NAMES: Record<Lang, string> = { ar: 'arabe', fr: 'français', en: 'anglais' };
const EN_NAMES: Record<Lang, string> = { ar: 'Arabic', fr: 'French', en: 'English' };

/** "a", "a or b", "a, b or c", with the language's word for "or" and its comma. */
function either(items: string[], or: string, comma = ', '): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(comma)} ${or} ${items[items.length - 1]}`;
}

/** «بالفرنسية أو بالإنجليزية»: the languages as they follow «مكتوبة» and «اطرح سؤالك». */
function inArabic(langs: Lang[]): string {
  return either(langs.map((l) => `ب${AR_NAMES[l]}`), 'أو', '، ');
}

const ar: Texts = {
  welcome: 'أهلا بك! أنا سند: أجيب عن أسئلتك حول المقالات الإخبارية التي أعرفها، وأذكر لك المقال والفقرة التي جاء منها الجواب.',
  help:
    'اكتب سؤالك بالعربية أو بالدارجة أو بالفرنسية أو بالإنجليزية، وسأبحث عن الجواب في المقالات وأقتبس لك الفقرة التي تسنده. إن لم تجب المقالات عن سؤالك فسأقول لك ذلك بصراحة.',
  examplesIntro: 'جرّب مثلا:',
  usage: (command) => `اكتب سؤالك بعد ${command}، مثلا: ${command} متى يبدأ كأس العالم؟`,
  notCovered: (topics, writtenIn) =>
    'للأسف، لا تجيب المقالات التي لدي عن هذا السؤال.' +
    (writtenIn?.length ? ` مقالاتي مكتوبة ${inArabic(writtenIn)}: اطرح سؤالك ${inArabic(writtenIn)}.` : '') +
    (topics.length ? ` ما لدي يتناول: ${topics.join('؛ ')}.` : ''),
  tooLong: (max) => `سؤالك طويل جدا. من فضلك اختصره في ${max} حرف على الأكثر.`,
  textOnly: 'أفهم الأسئلة المكتوبة فقط: أرسل سؤالك نصا من فضلك.',
  rateLimited: (seconds) => `أسئلة كثيرة في وقت قصير! انتظر ${seconds} ثانية ثم اسأل من جديد.`,
  sorry: 'عذرا، حدث خلل من جهتي. حاول مرة أخرى بعد قليل.',
  sourcesTitle: 'المقالات التي أعرفها:',
  noSources: 'لا أعرف أي مقال حاليا.',
  source: 'المصدر',
  date: 'التاريخ',
  passage: 'الفقرة',
  wholePassage: 'الفقرة كاملة',
  otherMatches: 'نتائج أخرى',
  noOtherMatches: 'لا توجد فقرات أخرى تجيب عن هذا السؤال.',
  expired: 'انتهت صلاحية هذا الزر. اطرح السؤال من جديد.',
  commands: {
    ask: 'اطرح سؤالا حول المقالات',
    help: 'كيف تستعمل سند',
    sources: 'المقالات التي أعرفها',
    start: 'ابدأ',
    questionOption: 'سؤالك',
  },
};

const fr: Texts = {
  welcome: "Bonjour ! Je suis Sanad : je réponds à vos questions sur les articles de presse que je connais, en citant l'article et le passage d'où vient la réponse.",
  help:
    "Écrivez votre question en arabe, en darija, en français ou en anglais : je cherche la réponse dans les articles et je cite le passage qui l'appuie. Si les articles n'y répondent pas, je vous le dis.",
  examplesIntro: 'Essayez par exemple :',
  usage: (command) => `Écrivez votre question après ${command}, par exemple : ${command} Quand commence la Coupe du monde ?`,
  notCovered: (topics, writtenIn) =>
    'Désolé, mes articles ne répondent pas à cette question.' +
    (writtenIn?.length ? ` Ils sont écrits en ${either(writtenIn.map((l) => FR_NAMES[l]), 'ou')} : posez-moi plutôt la question ${either(writtenIn.map((l) => `en ${FR_NAMES[l]}`), 'ou')}.` : '') +
    (topics.length ? ` Ils parlent de : ${topics.join(' ; ')}.` : ''),
  tooLong: (max) => `Votre question est trop longue : ${max} caractères au maximum, s'il vous plaît.`,
  textOnly: 'Je ne comprends que les questions écrites : envoyez votre question en texte.',
  rateLimited: (seconds) => `Beaucoup de questions en peu de temps ! Attendez ${seconds} secondes puis réessayez.`,
  sorry: "Désolé, une erreur s'est produite de mon côté. Réessayez dans un instant.",
  sourcesTitle: 'Les articles que je connais :',
  noSources: "Je ne connais encore aucun article.",
  source: 'Source',
  date: 'Date',
  passage: 'Passage',
  wholePassage: 'Passage entier',
  otherMatches: 'Autres résultats',
  noOtherMatches: "Aucun autre passage ne répond à cette question.",
  expired: 'Ce bouton a expiré. Posez la question à nouveau.',
  commands: {
    ask: 'Poser une question sur les articles',
    help: 'Comment utiliser Sanad',
    sources: 'Les articles que je connais',
    start: 'Commencer',
    questionOption: 'Votre question',
  },
};

const en: Texts = {
  welcome: "Hello! I'm Sanad: I answer your questions about the news articles I know, and show the article and passage each answer comes from.",
  help:
    "Write your question in Arabic, Darija, French or English: I look for the answer in the articles and quote the passage that backs it. If the articles don't answer it, I'll tell you so.",
  examplesIntro: 'Try for example:',
  usage: (command) => `Write your question after ${command}, for example: ${command} When does the World Cup start?`,
  notCovered: (topics, writtenIn) =>
    "Sorry, my articles don't answer that." +
    (writtenIn?.length ? ` They are written in ${either(writtenIn.map((l) => EN_NAMES[l]), 'or')}: please ask in ${either(writtenIn.map((l) => EN_NAMES[l]), 'or')}.` : '') +
    (topics.length ? ` They cover: ${topics.join('; ')}.` : ''),
  tooLong: (max) => `Your question is too long: at most ${max} characters, please.`,
  textOnly: 'I only understand written questions: please send your question as text.',
  rateLimited: (seconds) => `That's a lot of questions at once! Wait ${seconds} seconds, then ask again.`,
  sorry: 'Sorry, something went wrong on my side. Please try again in a moment.',
  sourcesTitle: 'The articles I know:',
  noSources: "I don't know any article yet.",
  source: 'Source',
  date: 'Date',
  passage: 'Passage',
  wholePassage: 'Whole passage',
  otherMatches: 'Other matches',
  noOtherMatches: 'No other passage answers this question.',
  expired: 'This button has expired. Please ask again.',
  commands: {
    ask: 'Ask a question about the articles',
    help: 'How to use Sanad',
    sources: 'The articles I know',
    start: 'Start',
    questionOption: 'Your question',
  },
};

const ALL: Record<Lang, Texts> = { ar, fr, en };

/** The texts in `lang`. */
export function t(lang: Lang): Texts {
  return ALL[lang] ?? ar;
}

/**
 * The bot's language for a platform locale such as `fr`, `fr-FR`, `en-US`,
 * `ar` (Telegram's `language_code`, Discord's `locale`). Arabic by default.
 */
export function langFromLocale(locale: string | undefined | null): Lang {
  const l = (locale ?? '').toLowerCase();
  if (l.startsWith('fr')) return 'fr';
  if (l.startsWith('en')) return 'en';
  return 'ar';
}
