import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_MAX_BYTES,
  KnowledgeError,
  loadKnowledge,
  parseArticle,
} from '../../src/knowledge/load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const KNOWLEDGE_DIR = path.resolve(here, '../../knowledge');
const BUNDLED = 'hammouchi-qatar-worldcup-2022.ar.md';
/** A byte-for-byte copy of /work/shared/seed/hammouchi-qatar-worldcup-2022.ar.txt. */
const SEED = path.join(here, 'fixtures/hammouchi-qatar-worldcup-2022.ar.txt');
const SEED_SHA256 = 'fd7d510aaa2ca0c92a4f0ca5f68b329bab14d8fcdffa129d0547d7dd207e54c3';
const SEED_TITLE = 'مجلة ”ماروك إيبدو”: ”عبد اللطيف حموشي ورجاله يستعدون لتأمين مونديال قطر”';

/** The seed's paragraphs, computed without the loader: blank-line blocks after the headline, minus the page furniture at the end. */
function seedParagraphs(): string[] {
  const raw = fs.readFileSync(SEED, 'utf-8');
  return raw
    .split('\n\n')
    .slice(1)
    .filter((p) => p.replace(/\u00a0/g, '').trim() !== '' && p !== 'زر الذهاب إلى الأعلى');
}

const dirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function write(dir: string, name: string, content: string | Uint8Array): void {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

const GOOD_NAME = 'good.md';
const GOOD = '---\ntitle: خبر جيد\n---\n\nفقرة سليمة من مقال سليم.\n';

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const name of fs.readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.statSync(a);
      if (st.isDirectory()) {
        out.push(`${r}/ ${st.mtimeMs}`);
        walk(a, r);
      } else {
        const hash = crypto.createHash('sha256').update(fs.readFileSync(a)).digest('hex');
        out.push(`${r} ${st.size} ${st.mtimeMs} ${st.mode} ${hash}`);
      }
    }
  };
  walk(dir, '');
  return out;
}

describe('the bundled article', () => {
  it('the test fixture is still the exact seed', () => {
    const hash = crypto.createHash('sha256').update(fs.readFileSync(SEED)).digest('hex');
    expect(hash).toBe(SEED_SHA256);
  });

  it('loads from knowledge/ without problems', async () => {
    const { articles, problems } = await loadKnowledge(KNOWLEDGE_DIR);
    expect(problems).toEqual([]);
    const doc = articles.find((a) => a.file === BUNDLED);
    expect(doc).toBeDefined();
    expect(doc!.title).toBe(SEED_TITLE);
    expect(doc!.lang).toBe('ar');
    expect(doc!.source).toBe('Maroc Hebdo');
    expect(doc!.url).toBeUndefined();
    expect(doc!.date).toBeUndefined();
  });

  it('has the seed paragraphs byte for byte: 10 of them, no headline, no furniture', async () => {
    const doc = parseArticle(BUNDLED, fs.readFileSync(path.join(KNOWLEDGE_DIR, BUNDLED)));
    const expected = seedParagraphs();
    // The seed has 10 real paragraphs after its headline (then 2 NBSP lines and a "back to top" button).
    expect(expected).toHaveLength(10);
    expect(doc.paragraphs).toHaveLength(10);
    expect(doc.paragraphs[0].startsWith('بعد أن تم اختيار دولة قطر')).toBe(true);
    expect(doc.paragraphs).toEqual(expected);
    for (let i = 0; i < expected.length; i++) {
      expect(Buffer.from(doc.paragraphs[i], 'utf-8').equals(Buffer.from(expected[i], 'utf-8'))).toBe(true);
    }
    for (const p of doc.paragraphs) {
      expect(p).not.toContain('زر الذهاب إلى الأعلى');
      expect(p).not.toContain('\u00a0');
      expect(p).not.toBe(SEED_TITLE);
    }
    // Typographic quotes kept as they are.
    expect(doc.paragraphs[1]).toContain('”ماروك إيبدو”');
    expect(doc.paragraphs[1]).toContain('“ميليبول”');
    expect(doc.paragraphs[4]).toContain('“مونديال قطر 2022″');
  });

  it('the raw seed loads as .txt to the same article', () => {
    const fromTxt = parseArticle('seed.ar.txt', fs.readFileSync(SEED));
    const fromMd = parseArticle(BUNDLED, fs.readFileSync(path.join(KNOWLEDGE_DIR, BUNDLED)));
    expect(fromTxt.title).toBe(SEED_TITLE);
    expect(fromTxt.paragraphs).toEqual(fromMd.paragraphs);
  });
});

describe('Markdown', () => {
  it('reads front matter: title, source, url, date (YAML date or text), lang', async () => {
    const dir = tmpDir();
    write(
      dir,
      'a.md',
      [
        '---',
        'title: "عنوان: مع نقطتين"',
        'source: Maroc Hebdo',
        'url: https://example.com/a',
        'date: 2022-05-24',
        'lang: ar',
        'extra: ignored',
        '---',
        '',
        'الفقرة الأولى.',
        '',
        'الفقرة الثانية',
        'على سطرين.',
        '',
      ].join('\n'),
    );
    write(dir, 'b.md', '---\ntitle: B\ndate: "24 May 2022"\n---\nBody.\n');
    write(dir, 'c.md', '---\ntitle: C\ndate: !!timestamp 2022-11-20\n---\nBody.\n');
    const { articles, problems } = await loadKnowledge(dir);
    expect(problems).toEqual([]);
    expect(articles[0]).toEqual({
      title: 'عنوان: مع نقطتين',
      file: 'a.md',
      source: 'Maroc Hebdo',
      url: 'https://example.com/a',
      date: '2022-05-24',
      lang: 'ar',
      paragraphs: ['الفقرة الأولى.', 'الفقرة الثانية على سطرين.'],
    });
    expect(articles[1].date).toBe('24 May 2022');
    expect(articles[2].date).toBe('2022-11-20');
  });

  it('takes the title from the first # heading when there is no front matter', () => {
    const doc = parseArticle(
      'x.md',
      Buffer.from('# حموشي في قطر\n\nنص المقال.\n\n## عنوان فرعي\n\nنص آخر.\n'),
    );
    expect(doc.title).toBe('حموشي في قطر');
    expect(doc.paragraphs).toEqual(['نص المقال.', 'عنوان فرعي', 'نص آخر.']);
    expect(doc.lang).toBeUndefined();
  });

  it('takes the title from the file name when there is neither', () => {
    const doc = parseArticle('sub/morocco-qatar_security.ar.md', Buffer.from('Just a paragraph.\n'));
    expect(doc.title).toBe('morocco qatar security');
    expect(doc.file).toBe('sub/morocco-qatar_security.ar.md');
    expect(doc.paragraphs).toEqual(['Just a paragraph.']);
  });

  it('strips Markdown syntax that would show in a quote', () => {
    const md = [
      '---',
      'title: T',
      '---',
      '# T',
      '',
      'Text with *emphasis*, **strong**, _under_ and `code`, a [link](https://x.org/a_(b)) and ![an image](i.png) here.',
      'snake_case and 2 * 3 * 4 stay.',
      '',
      '![only an image](pic.jpg)',
      '',
      'A line before a quote.',
      '> A quoted',
      '> sentence.',
      '',
      '```',
      '# not a heading, *not emphasis*',
      '```',
      '',
      '- first item',
      '- second *item*',
      '  continued',
      '1. numbered',
      '',
      '### Small heading ###',
      '',
      '---',
      '',
      'Last\u00a0\u00a0 paragraph\u2003with   odd spaces.',
    ].join('\n');
    const doc = parseArticle('m.md', Buffer.from(md));
    expect(doc.title).toBe('T');
    expect(doc.paragraphs).toEqual([
      'Text with emphasis, strong, under and code, a link and here. snake_case and 2 * 3 * 4 stay.',
      'A line before a quote.',
      'A quoted sentence.',
      '# not a heading, *not emphasis*',
      'first item',
      'second item continued',
      'numbered',
      'Small heading',
      'Last paragraph with odd spaces.',
    ]);
  });

  it('accepts a BOM and CRLF line ends', () => {
    const text = '\uFEFF---\r\ntitle: CRLF\r\nlang: fr\r\n---\r\n\r\nUn paragraphe\r\nsur deux lignes.\r\n\r\nUn autre.\r\n';
    const doc = parseArticle('c.md', Buffer.from(text, 'utf-8'));
    expect(doc.title).toBe('CRLF');
    expect(doc.lang).toBe('fr');
    expect(doc.paragraphs).toEqual(['Un paragraphe sur deux lignes.', 'Un autre.']);
  });
});

describe('plain text', () => {
  it('first line is the headline, blank lines separate paragraphs', () => {
    const doc = parseArticle('t.txt', Buffer.from('\n  العنوان  \n\nفقرة أولى\nتكملة.\n\nفقرة ثانية.\n'));
    expect(doc.title).toBe('العنوان');
    expect(doc.paragraphs).toEqual(['فقرة أولى تكملة.', 'فقرة ثانية.']);
  });

  it('each line is a paragraph when the body has no blank line', () => {
    const doc = parseArticle('t.txt', Buffer.from('Headline\nLine one.\nLine two.\nLine three.'));
    expect(doc.title).toBe('Headline');
    expect(doc.paragraphs).toEqual(['Line one.', 'Line two.', 'Line three.']);
  });
});

const ARABIC_PAGE = `<!DOCTYPE html>
<html lang="ar-MA" dir="rtl">
<head>
<meta charset="utf-8">
<title>المغرب يؤمن مونديال قطر | موقع الأخبار</title>
<link rel="canonical" href="https://news.example.ma/sport/2022/11/morocco-qatar">
<meta property="og:url" content="https://news.example.ma/og-url">
<meta property="article:published_time" content="2022-11-20T09:30:00+01:00">
<style>body { font-family: sans-serif; } .share { color: blue; }</style>
<script>window.dataLayer = [{ page: "نص من سكريبت" }];</script>
</head>
<body>
<header class="site-header"><a href="/" class="logo">موقع الأخبار</a></header>
<nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li><li><a href="/politics">سياسة</a></li></ul></nav>
<main>
<article>
<h1>المغرب يؤمن مونديال قطر</h1>
<div class="meta"><time datetime="2022-11-19">19 نونبر 2022</time></div>
<div class="share-buttons"><a href="#">شارك</a> <a href="#">فيسبوك</a> <a href="#">تويتر</a> <button>نسخ الرابط</button></div>
<p>أرسل المغرب آلاف العناصر الأمنية إلى قطر من أجل المساهمة في تأمين مباريات كأس العالم، في إطار اتفاقية تعاون أمني وقعها البلدان قبل انطلاق البطولة بأشهر.</p>
<p>وقال مسؤول أمني إن التنسيق بين الأجهزة الأمنية في البلدين بدأ منذ مدة طويلة،<br>وإن الفرق المغربية ستعمل إلى جانب نظيرتها القطرية في الملاعب والفنادق.</p>
<p>اقرأ أيضا: <a href="/other">حموشي يزور ملعب لوسيل</a></p>
<h2>خبرة معترف بها</h2>
<p>وتحظى الأجهزة الأمنية المغربية بتقدير واسع بفضل خبرتها في محاربة الإرهاب وتنظيم التظاهرات الكبرى، وهو ما جعل قطر تطلب دعمها.</p>
<blockquote><p>«الأمن مسؤولية مشتركة»، يقول المسؤول.</p></blockquote>
<p>زر الذهاب إلى الأعلى</p>
</article>
</main>
<aside class="sidebar"><h3>الأكثر قراءة</h3><ul><li><a href="/1">خبر أول</a></li><li><a href="/2">خبر ثان</a></li></ul></aside>
<footer class="site-footer"><p>جميع الحقوق محفوظة © 2022 موقع الأخبار</p><a href="#top">العودة إلى الأعلى</a></footer>
<script src="/app.js"></script>
</body>
</html>`;

describe('HTML', () => {
  it('keeps only the article text of an Arabic page, with its metadata', async () => {
    const dir = tmpDir();
    write(dir, 'page.html', ARABIC_PAGE);
    const { articles, problems } = await loadKnowledge(dir);
    expect(problems).toEqual([]);
    expect(articles).toEqual([
      {
        title: 'المغرب يؤمن مونديال قطر',
        file: 'page.html',
        url: 'https://news.example.ma/sport/2022/11/morocco-qatar',
        date: '2022-11-20',
        lang: 'ar',
        paragraphs: [
          'أرسل المغرب آلاف العناصر الأمنية إلى قطر من أجل المساهمة في تأمين مباريات كأس العالم، في إطار اتفاقية تعاون أمني وقعها البلدان قبل انطلاق البطولة بأشهر.',
          'وقال مسؤول أمني إن التنسيق بين الأجهزة الأمنية في البلدين بدأ منذ مدة طويلة، وإن الفرق المغربية ستعمل إلى جانب نظيرتها القطرية في الملاعب والفنادق.',
          'خبرة معترف بها',
          'وتحظى الأجهزة الأمنية المغربية بتقدير واسع بفضل خبرتها في محاربة الإرهاب وتنظيم التظاهرات الكبرى، وهو ما جعل قطر تطلب دعمها.',
          '«الأمن مسؤولية مشتركة»، يقول المسؤول.',
        ],
      },
    ]);
  });

  it('falls back to og:url and <time datetime>, and reads .htm', () => {
    const html = `<html><head><title>Headline here | Example Site</title><meta property="og:url" content="https://e.org/x"></head>
<body><article><h1>Headline here</h1><p>Published <time datetime="2021-03-04T10:00">4 March</time>.</p>
<p>Some article text that is long enough to be the content of this small page, and more.</p></article></body></html>`;
    const doc = parseArticle('p.htm', Buffer.from(html));
    expect(doc.title).toBe('Headline here');
    expect(doc.url).toBe('https://e.org/x');
    expect(doc.date).toBe('2021-03-04');
    expect(doc.lang).toBeUndefined();
    expect(doc.paragraphs).toContain('Some article text that is long enough to be the content of this small page, and more.');
    expect(doc.paragraphs.join('\n')).not.toContain('Headline here');
  });

  it("uses Readability's title (from <title>) and never repeats the <h1> as a paragraph", () => {
    const html = `<html lang="fr"><head><title>Sécurité du Mondial</title></head>
<body><article><h1>Le Maroc sécurise le Mondial au Qatar</h1>
<p>Des milliers de policiers marocains ont été envoyés au Qatar pour la Coupe du monde.</p></article></body></html>`;
    const doc = parseArticle('fr.html', Buffer.from(html));
    expect(doc.title).toBe('Sécurité du Mondial');
    expect(doc.lang).toBe('fr');
    expect(doc.paragraphs).toEqual(['Des milliers de policiers marocains ont été envoyés au Qatar pour la Coupe du monde.']);
  });

  it('a page whose article has bare text and no blocks still gives that text', () => {
    const doc = parseArticle('tiny.html', Buffer.from('<html><body><article>Une seule ligne.</article></body></html>'));
    expect(doc.paragraphs).toEqual(['Une seule ligne.']);
    expect(doc.title).toBe('tiny');
  });
});

describe('page furniture', () => {
  it('drops furniture lines and teasers in every format, keeps sentences that mention the words', () => {
    const sentence = 'وقال الكاتب اقرأ أيضا ما كتبناه أمس عن الموضوع نفسه.';
    const md = [
      '# عنوان',
      '',
      'فقرة أولى.',
      '',
      'اقرأ أيضا:',
      '',
      'اقرأ أيضاً',
      '',
      'اقرأ أيضا: [حموشي في الدوحة](https://example.com/doha)',
      '',
      sentence,
      '',
      '**شارك هذا المقال**',
      '',
      '[Read more](https://example.com/more)',
      '',
      'Lire aussi :',
      '',
      'À lire aussi',
      '',
      'Back to top ↑',
      '',
      'Share this article',
      '',
      'Advertisement',
      '',
      'Related articles:',
      '',
      'زر الذهاب إلى الأعلى',
      '',
      '\u00a0',
      '',
      'Share the load, he said: that is a sentence.',
    ].join('\n');
    const doc = parseArticle('f.md', Buffer.from(md));
    expect(doc.paragraphs).toEqual(['فقرة أولى.', sentence, 'Share the load, he said: that is a sentence.']);

    const txt = ['العنوان', '', 'فقرة.', '', 'إقرأ أيضا: عنوان مقال آخر', 'Lire la suite', '', sentence, '', 'الرئيسية', 'للمزيد'].join('\n');
    expect(parseArticle('f.txt', Buffer.from(txt)).paragraphs).toEqual(['فقرة.', sentence]);
  });
});

describe('problems', () => {
  const cases: Array<{ kind: string; name: string; content: string | Uint8Array; reason: RegExp; maxBytes?: number }> = [
    { kind: 'binary (NUL bytes)', name: 'image.txt', content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), reason: /binary/ },
    { kind: 'binary (control characters)', name: 'ctl.md', content: new Uint8Array(Array.from({ length: 64 }, (_, i) => (i % 2 ? 0x01 : 0x41))), reason: /binary/ },
    { kind: 'Latin-1, not UTF-8', name: 'latin1.txt', content: Buffer.from('Titre\n\nCafé à Rabat, été 2022.\n', 'latin1'), reason: /not valid UTF-8/ },
    { kind: 'empty', name: 'empty.md', content: '', reason: /^empty file$/ },
    { kind: 'whitespace only', name: 'blank.txt', content: '  \n\t\n\u00a0\r\n\n', reason: /only whitespace/ },
    { kind: 'over the size limit', name: 'big.md', content: `# Big\n\n${'x'.repeat(300)}\n`, reason: /^larger than 200 bytes limit/, maxBytes: 200 },
    { kind: 'unterminated front matter', name: 'open.md', content: '---\ntitle: Open\n\nBody text.\n', reason: /front matter is not closed/ },
    { kind: 'YAML error', name: 'yaml.md', content: '---\nlang: ar\ntitle: a: b\n---\nBody.\n', reason: /^front matter is not valid YAML \(line 3\): Nested mappings/ },
    { kind: 'YAML error (unclosed list)', name: 'yaml2.md', content: '---\ntitle: [unclosed\nlang: ar\n---\nBody.\n', reason: /^front matter is not valid YAML \(line \d+\): / },
    { kind: 'front matter not a mapping', name: 'list.md', content: '---\n- a\n- b\n---\nBody.\n', reason: /front matter is not a mapping/ },
    { kind: 'title is a list', name: 'title.md', content: '---\ntitle:\n  - a\n  - b\n---\nBody.\n', reason: /"title" must be a text, not a list/ },
    { kind: 'no text left', name: 'hollow.md', content: '---\ntitle: Only a title\n---\n\n# Only a title\n\nزر الذهاب إلى الأعلى\n', reason: /no article text/ },
    { kind: 'unsupported type', name: 'report.pdf', content: '%PDF-1.4', reason: /unsupported file type \(\.pdf\)/ },
  ];

  for (const c of cases) {
    it(`${c.kind}: one problem naming the file, the good file still loads`, async () => {
      const dir = tmpDir();
      write(dir, GOOD_NAME, GOOD);
      write(dir, c.name, c.content);
      const { articles, problems } = await loadKnowledge(dir, c.maxBytes ? { maxBytes: c.maxBytes } : undefined);
      expect(problems).toHaveLength(1);
      expect(problems[0].file).toBe(c.name);
      expect(problems[0].reason).toMatch(c.reason);
      expect(articles.map((a) => a.file)).toEqual([GOOD_NAME]);
      expect(articles[0].paragraphs).toEqual(['فقرة سليمة من مقال سليم.']);
    });
  }

  it('the default limit is 2 MiB', async () => {
    expect(DEFAULT_MAX_BYTES).toBe(2 * 1024 * 1024);
    const dir = tmpDir();
    write(dir, GOOD_NAME, GOOD);
    write(dir, 'huge.txt', `Title\n\n${'a'.repeat(DEFAULT_MAX_BYTES)}`);
    const { problems } = await loadKnowledge(dir);
    expect(problems).toEqual([{ file: 'huge.txt', reason: expect.stringMatching(/^larger than 2 MiB limit/) }]);
  });

  it('parseArticle throws KnowledgeError with a reason', () => {
    let caught: unknown;
    try {
      parseArticle('bad.md', new Uint8Array([0xff, 0xfe, 0x41]));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KnowledgeError);
    expect((caught as KnowledgeError).reason).toMatch(/not valid UTF-8/);
  });

  it('a missing folder is an error', async () => {
    await expect(loadKnowledge(path.join(tmpDir(), 'nope'))).rejects.toBeInstanceOf(KnowledgeError);
  });
});

describe('the folder', () => {
  function fillFolder(dir: string): void {
    write(dir, 'z-last.txt', 'Last\n\nText.\n');
    write(dir, 'a-first.md', '# First\n\nText.\n');
    write(dir, 'sub/deeper/m.markdown', '# Deep\n\nText.\n');
    write(dir, 'sub/b.HTML', '<html><body><article><h1>B</h1><p>Some text of the B page.</p></article></body></html>');
    write(dir, 'README.md', '# About this folder\n\nNot an article.\n');
    write(dir, 'sub/readme.txt', 'Not an article either.\n');
    write(dir, 'README', 'Nor this.\n');
    write(dir, '.gitkeep', '');
    write(dir, '.DS_Store', new Uint8Array([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
    write(dir, '.hidden/secret.md', '# Hidden\n\nText.\n');
    write(dir, 'broken.txt', new Uint8Array([0xc3, 0x28]));
  }

  it('reads recursively in path order, skips README and dotfiles silently', async () => {
    const dir = tmpDir();
    fillFolder(dir);
    const { articles, problems } = await loadKnowledge(dir);
    expect(articles.map((a) => a.file)).toEqual(['a-first.md', 'sub/b.HTML', 'sub/deeper/m.markdown', 'z-last.txt']);
    expect(articles.map((a) => a.title)).toEqual(['First', 'B', 'Deep', 'Last']);
    expect(problems).toEqual([{ file: 'broken.txt', reason: expect.stringMatching(/not valid UTF-8/) }]);
  });

  it('never modifies the folder', async () => {
    const dir = tmpDir();
    fillFolder(dir);
    write(dir, 'big.md', `# Big\n\n${'y'.repeat(500)}\n`);
    write(dir, 'notes.docx', 'PK');
    const before = snapshot(dir);
    await loadKnowledge(dir);
    await loadKnowledge(dir, { maxBytes: 100 });
    expect(snapshot(dir)).toEqual(before);
  });
});
