/**
 * The same command line, called in-process through `main(argv, io)` with
 * captured streams: the corners of the contract that need no new process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../src/cli/main.ts';
import { BUNDLED_DIR, BUNDLED_FILE, FIXTURE_KNOWLEDGE, captureStreams } from '../helpers.ts';

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-main-'));
  tmp.push(d);
  return d;
}

async function run(argv: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const { stdout, stderr, out, err } = captureStreams();
  const io: Io = { stdin: Readable.from([input]), stdout, stderr, env: {} };
  const code = await main(argv, io);
  return { code, stdout: out(), stderr: err() };
}

describe('sanad (in-process)', () => {
  it('ask without --json prints the answer, the article and the quoted passage', async () => {
    const r = await run(['ask', '--knowledge', FIXTURE_KNOWLEDGE, 'كم كلف إنجاز المشروع؟']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2.4 مليار درهم');
    expect(r.stdout).toContain('المصدر: تدشين محطة تحلية مياه البحر بمدينة تيغالين (2023-09-14)');
    expect(r.stdout).toMatch(/^> وكلف إنجاز المشروع/m);
  });

  it('stdin mode: Windows line ends, no final newline, greetings and punctuation-only lines', async () => {
    const r = await run(['ask', '--json', '--knowledge', FIXTURE_KNOWLEDGE], 'مرحبا\r\nمتى افتتح مهرجان الزيتون؟\r\n؟؟؟\r\nكم كلف إنجاز المشروع؟');
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; found: boolean; answer: string });
    expect(out.map((j) => j.question)).toEqual(['مرحبا', 'متى افتتح مهرجان الزيتون؟', '؟؟؟', 'كم كلف إنجاز المشروع؟']);
    expect(out.map((j) => j.found)).toEqual([false, true, false, true]);
    expect(out[1].answer).toContain('14 نوفمبر 2024');
  });

  it('ask joins the words of an unquoted question', async () => {
    const r = await run(['ask', '--json', '--knowledge', FIXTURE_KNOWLEDGE, 'كم', 'كلف', 'إنجاز', 'المشروع؟']);
    expect(JSON.parse(r.stdout)).toMatchObject({ question: 'كم كلف إنجاز المشروع؟', found: true });
  });

  it('an option without its value is wrong usage (exit 2)', async () => {
    const r = await run(['check', '--knowledge']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--knowledge');
    expect(r.stderr).toContain('Usage:');
  });

  it('eval without a file, or with a file that is not SQuAD', async () => {
    const none = await run(['eval']);
    expect(none.code).toBe(2);
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"not": "squad"}');
    const bad = await run(['eval', path.join(dir, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.json');
    expect(bad.stdout).toBe('');
    const missing = await run(['eval', path.join(dir, 'missing.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
  });

  it('help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sanad ask');
    expect(r.stdout).toContain('sanad check');
    expect(r.stdout).toContain('sanad eval');
  });

  it('check/ask on a missing folder exit 1 with a one-line message', async () => {
    const missing = path.join(os.tmpdir(), 'sanad-no-such-folder');
    for (const argv of [['check', '--knowledge', missing], ['ask', '--json', '--knowledge', missing, 'متى؟']]) {
      const r = await run(argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('sanad-no-such-folder');
      expect(r.stdout).toBe('');
    }
  });

  it('a decline’s answer stays within 300 characters with several articles', async () => {
    const dir = tmpDir();
    for (const f of fs.readdirSync(FIXTURE_KNOWLEDGE)) fs.copyFileSync(path.join(FIXTURE_KNOWLEDGE, f), path.join(dir, f));
    fs.copyFileSync(path.join(BUNDLED_DIR, BUNDLED_FILE), path.join(dir, BUNDLED_FILE));
    fs.writeFileSync(
      path.join(dir, 'drought.ar.md'),
      "---\ntitle: 'وزارة الفلاحة تعلن عن برنامج استثنائي لدعم صغار الفلاحين المتضررين من موجة الجفاف في الجهات الجنوبية'\n---\n\nأعلنت الوزارة عن برنامج لدعم الفلاحين.\n",
    );
    const r = await run(['ask', '--json', '--knowledge', dir, 'كيف أحضر الكسكس؟']);
    const j = JSON.parse(r.stdout) as { found: boolean; answer: string };
    expect(j.found).toBe(false);
    expect(j.answer.length).toBeLessThanOrEqual(300);
  });
});
