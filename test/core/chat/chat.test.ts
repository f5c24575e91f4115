import { beforeAll, describe, expect, it } from 'vitest';
import { ChatService, DECLINE_MAX_CHARS, articleLanguages, type ChatMessage } from '../../../src/chat/chat.ts';
import { t } from '../../../src/chat/texts.ts';
import type { Reply } from '../../../src/chat/reply.ts';
import { Sanad } from '../../../src/engine/sanad.ts';
import { BUNDLED_FILE, DESAL_FILE, DESAL_TITLE, VELO_TITLE, allEngine, bundledArticles, fixtureArticles } from '../helpers.ts';

let engine: Sanad;
let bundledEngine: Sanad;
let fixtureEngine: Sanad;
let bundledTitle: string;
beforeAll(async () => {
  engine = await allEngine();
  const bundled = await bundledArticles();
  bundledTitle = bundled[0].title;
  bundledEngine = Sanad.fromArticles(bundled);
  fixtureEngine = Sanad.fromArticles(await fixtureArticles());
});

const msg = (text: string | null | undefined, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  user: 'telegram:1',
  chat: 'telegram:1',
  text,
  ...extra,
});

function expectType<T extends Reply['type']>(r: Reply, type: T): Extract<Reply, { type: T }> {
  expect(r.type).toBe(type);
  return r as Extract<Reply, { type: T }>;
}

describe('answers', () => {
  it('an answered question comes back with its match and the article it is from', () => {
    const chat = new ChatService(engine);
    const r = expectType(chat.ask(msg('كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟')), 'answer');
    expect(r.lang).toBe('ar');
    expect(r.question).toBe('كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟');
    expect(r.match.source.title).toBe(DESAL_TITLE);
    expect(r.match.passage).toContain('150 ألف');
  });

  it('strips the mention and the /ask@bot command before asking', () => {
    const chat = new ChatService(engine);
    const read = { mentions: ['@sanad_bot'], commands: ['/ask'], botUsername: 'sanad_bot' };
    const r = expectType(chat.ask(msg('/ask@sanad_bot متى ستقام كأس العالم؟', { read })), 'answer');
    expect(r.question).toBe('متى ستقام كأس العالم؟');
    expect(r.match.passage).toContain('21 نونبر');
    expectType(chat.ask(msg('@sanad_bot كم تبلغ الطاقة الإنتاجية للمحطة؟', { read })), 'answer');
    // The command alone asks nothing: help, not an answer.
    expectType(chat.ask(msg('/ask@sanad_bot', { read })), 'help');
  });
});

describe('declines, help and notices', () => {
  it('a decline names the titles of the articles, in the question’s language', () => {
    const chat = new ChatService(engine);
    const ar = expectType(chat.ask(msg('كيف أحضر طاجين الدجاج بالزيتون؟')), 'decline');
    expect(ar.lang).toBe('ar');
    expect(ar.text).toContain(DESAL_TITLE);
    expect(ar.text).toContain(bundledTitle);
    expect(ar.text).toContain(VELO_TITLE);
    expect(ar.text).toContain('للأسف');

    const fr = expectType(chat.ask(msg('Quelle est la recette du couscous marocain ?')), 'decline');
    expect(fr.lang).toBe('fr');
    expect(fr.text).toContain('Désolé');
    expect(fr.text).toContain(DESAL_TITLE);

    const en = expectType(chat.ask(msg('What is the distance to the moon?')), 'decline');
    expect(en.lang).toBe('en');
    expect(en.text).toContain('Sorry');
    expect(en.text).toContain(VELO_TITLE);
  });

  it('a decline tells a reader whose language no article is written in to ask in theirs', async () => {
    // The bundled article is Arabic: a French or English question cannot match its words.
    const bundled = new ChatService(bundledEngine);
    const fr = expectType(bundled.ask(msg('Quand commence la Coupe du monde au Qatar ?')), 'decline');
    expect(fr.text).toContain('Ils sont écrits en arabe : posez-moi plutôt la question en arabe.');
    expect(fr.text).toContain(bundledTitle);
    const en = expectType(bundled.ask(msg('Who is Abdellatif Hammouchi?')), 'decline');
    expect(en.text).toContain('They are written in Arabic: please ask in Arabic.');
    // An Arabic question declined on Arabic articles gets no such advice.
    const ar = expectType(bundled.ask(msg('كيف أحضر طاجين الدجاج بالزيتون؟')), 'decline');
    expect(ar.text).not.toContain('مقالاتي مكتوبة');
    // With a French article among them, French is one of their languages: no advice either.
    const mixed = expectType(new ChatService(engine).ask(msg('Quelle est la recette du couscous marocain ?')), 'decline');
    expect(mixed.text).not.toContain('écrits en');
    // French articles only: an Arabic reader is told, in Arabic, to ask in French.
    const french = Sanad.fromArticles((await fixtureArticles()).filter((a) => a.lang === 'fr'));
    const arabic = expectType(new ChatService(french).ask(msg('متى افتتحت الشبكة؟')), 'decline');
    expect(arabic.text).toContain('مقالاتي مكتوبة بالفرنسية: اطرح سؤالك بالفرنسية.');
    expect(arabic.text.length).toBeLessThanOrEqual(DECLINE_MAX_CHARS);
  });

  it('the articles’ languages: their lang tag (ar-MA is ar), else their headline’s', () => {
    expect(articleLanguages([{ lang: 'ar-MA', title: 'x' }, { title: 'Le réseau de vélos est inauguré' }, { lang: 'AR', title: 'y' }])).toEqual(['ar', 'fr']);
    expect(articleLanguages([{ title: 'محطة تحلية المياه' }, { lang: 'de', title: 'Das Fahrrad' }])).toEqual(['ar']);
    expect(articleLanguages([])).toEqual([]);
  });

  it('the reply follows the question’s language, not the platform locale, when the text tells', () => {
    const chat = new ChatService(engine);
    expect(chat.ask(msg('Combien de vélos compte le réseau ?', { locale: 'ar' })).type).toBe('answer');
    expect((chat.ask(msg('Combien de vélos compte le réseau ?', { locale: 'en-US' })) as { lang: string }).lang).toBe('fr');
    expect((chat.ask(msg('متى ستقام كأس العالم؟', { locale: 'fr-FR' })) as { lang: string }).lang).toBe('ar');
    expect((chat.ask(msg('How many bikes does Belmont have?', { locale: 'fr' })) as { lang: string }).lang).toBe('en');
  });

  it('greetings and empty messages get help, with example questions', () => {
    const chat = new ChatService(engine);
    for (const text of ['مرحبا', 'السلام عليكم', '', '   ', '؟؟', null, undefined]) {
      const r = expectType(chat.ask(msg(text)), 'help');
      expect(r.text).toBe(t('ar').help);
      expect(r.examples.length).toBeGreaterThan(0);
    }
    expect(expectType(chat.ask(msg('Bonjour')), 'help').text).toBe(t('fr').help);
    expect(expectType(chat.ask(msg('hello')), 'help').text).toBe(t('en').help);
    // An empty message has no words to tell the language: the platform locale decides.
    expect(expectType(chat.ask(msg('', { locale: 'fr-FR' })), 'help').lang).toBe('fr');
  });

  it('a too long question gets a notice naming the limit, in the question’s language', () => {
    const chat = new ChatService(engine, { maxQuestionChars: 50 });
    const ar = expectType(chat.ask(msg('متى ستقام كأس العالم في قطر '.repeat(5))), 'notice');
    expect(ar.reason).toBe('too_long');
    expect(ar.text).toContain('50');
    expect(ar.lang).toBe('ar');
    const fr = expectType(chat.ask(msg('Quand est-ce que le réseau de vélos a été inauguré à Belmont ?')), 'notice');
    expect(fr.lang).toBe('fr');
    expect(fr.text).toBe(t('fr').tooLong(50));
  });

  it('welcome help starts with the welcome text', () => {
    const chat = new ChatService(engine);
    expect(chat.help('ar', true).text.startsWith(t('ar').welcome)).toBe(true);
    expect(chat.help('en').text).toBe(t('en').help);
  });
});

describe('rate limit, with an injected clock', () => {
  it('N questions answered, then one notice, then silence, then answers again after the window', () => {
    let now = 0;
    const chat = new ChatService(engine, { rateLimit: { max: 3, windowMs: 60_000 }, now: () => now });
    const q = msg('متى ستقام كأس العالم؟');
    for (let i = 0; i < 3; i++) {
      expect(chat.ask(q).type).toBe('answer');
      now += 1_000;
    }
    const notice = expectType(chat.ask(q), 'notice');
    expect(notice.reason).toBe('rate_limited');
    expect(notice.text).toBe(t('ar').rateLimited(57)); // The first question leaves the window at 60 s.
    expect(chat.ask(q).type).toBe('silent');
    expect(chat.ask(msg('كم تبلغ الطاقة الإنتاجية للمحطة؟')).type).toBe('silent');
    // Another user is not affected.
    expect(chat.ask({ ...q, user: 'telegram:2', chat: 'telegram:2' }).type).toBe('answer');
    now = 60_000;
    expect(chat.ask(q).type).toBe('answer');
  });

  it('the notice is in the user’s language', () => {
    const chat = new ChatService(engine, { rateLimit: { max: 1, windowMs: 60_000 }, now: () => 0 });
    chat.ask(msg('Combien de vélos compte le réseau ?'));
    const n = expectType(chat.ask(msg('Combien de stations ?')), 'notice');
    expect(n.lang).toBe('fr');
    expect(n.text).toBe(t('fr').rateLimited(60));
  });

  it('empty messages and help do not use up the allowance', () => {
    const chat = new ChatService(engine, { rateLimit: { max: 1, windowMs: 60_000 }, now: () => 0 });
    chat.ask(msg(''));
    chat.ask(msg('؟؟'));
    expect(chat.ask(msg('متى ستقام كأس العالم؟')).type).toBe('answer');
  });
});

describe('conversations', () => {
  it('a vague follow-up stays with the article the chat was talking about', () => {
    const chat = new ChatService(engine);
    const a = msg('كم كلف إنجاز محطة التحلية؟', { chat: 'group:1' });
    expect(expectType(chat.ask(a), 'answer').match.source.file).toBe(DESAL_FILE);
    const follow = expectType(chat.ask(msg('ما هي المرحلة النهائية؟', { chat: 'group:1' })), 'answer');
    expect(follow.match.source.file).toBe(DESAL_FILE);
    // Another chat that talked about the World Cup gets the World Cup article.
    chat.ask(msg('متى ستقام كأس العالم؟', { chat: 'group:2', user: 'telegram:2' }));
    const other = expectType(chat.ask(msg('ما هي المرحلة النهائية؟', { chat: 'group:2', user: 'telegram:2' })), 'answer');
    expect(other.match.source.file).toBe(BUNDLED_FILE);
  });

  it('"other matches" gives the next passages for the question, never the one already shown', () => {
    const chat = new ChatService(engine);
    const r = expectType(chat.ask(msg('متى ستقام كأس العالم في قطر؟')), 'answer');
    expect(r.othersKey).toBeTruthy();
    const more = expectType(chat.otherMatches(r.othersKey!, 'ar'), 'matches');
    expect(more.matches.length).toBeGreaterThan(0);
    expect(more.matches.length).toBeLessThanOrEqual(2);
    for (const m of more.matches) {
      expect(m.passageId).not.toBe(r.match.passageId);
      expect(m.answer.length).toBeGreaterThan(0);
      expect(m.source.title).toBeTruthy();
    }
  });

  it('an unknown or forgotten "other matches" key says the button expired', () => {
    const chat = new ChatService(engine);
    const n = expectType(chat.otherMatches('nope', 'fr'), 'notice');
    expect(n.reason).toBe('expired');
    expect(n.text).toBe(t('fr').expired);
  });

  it('"whole passage" gives the passage the answer came from, with its source', () => {
    const chat = new ChatService(engine);
    const r = expectType(chat.ask(msg('كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟')), 'answer');
    const p = expectType(chat.wholePassage(r.match.passageId, 'ar'), 'passage');
    expect(p.text).toBe(r.match.passage);
    expect(p.source.file).toBe(DESAL_FILE);
    expectType(chat.wholePassage(99_999, 'ar'), 'notice');
  });

  it('/sources lists every article with its passages, date and url', () => {
    const chat = new ChatService(engine);
    const s = expectType(chat.sources('ar'), 'sources');
    expect(s.title).toBe(t('ar').sourcesTitle);
    const desal = s.articles.find((a) => a.file === DESAL_FILE)!;
    expect(desal).toMatchObject({ title: DESAL_TITLE, date: '2023-09-14', url: 'https://example.org/tighaline/desalination-plant' });
    expect(desal.passages).toBeGreaterThan(0);
    expect(s.articles.length).toBe(engine.articles.length);
  });
});

describe('swapping the knowledge (setEngine)', () => {
  it('questions, declines and sources follow the new engine at once', () => {
    const chat = new ChatService(bundledEngine);
    expect(chat.ask(msg('كم تبلغ الطاقة الإنتاجية لمحطة التحلية في تيغالين؟')).type).toBe('decline');
    const before = expectType(chat.ask(msg('كيف أحضر الكسكس؟')), 'decline');
    expect(before.text).toContain(bundledTitle);
    expect(before.text).not.toContain(DESAL_TITLE);

    chat.setEngine(fixtureEngine);
    expect(chat.engine).toBe(fixtureEngine);
    const a = expectType(chat.ask(msg('كم تبلغ الطاقة الإنتاجية لمحطة التحلية في تيغالين؟')), 'answer');
    expect(a.match.source.file).toBe(DESAL_FILE);
    const after = expectType(chat.ask(msg('كيف أحضر الكسكس؟')), 'decline');
    expect(after.text).toContain(DESAL_TITLE);
    expect(after.text).not.toContain(bundledTitle);
    expect(chat.sources('ar').articles.map((x) => x.file)).not.toContain(BUNDLED_FILE);
  });
});
