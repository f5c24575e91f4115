/**
 * The console chat (`sanad start` with no platform token), driven through its
 * standard input as a person at a terminal drives it.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DESAL_TITLE, FIXTURE_KNOWLEDGE, captureStreams, runSanad, startSanad } from '../helpers.ts';

/** The console prints its prompt after every reply. */
const PROMPT = /\n؟ $/;

describe.concurrent('console chat', () => {
  it('answers with the article title and the quoted passage; /sources, /help, /more; /exit ends with 0', async () => {
    const s = startSanad(['start'], { LOG_LEVEL: 'info' });
    try {
      const welcome = await s.waitFor(PROMPT);
      expect(welcome).toContain('سند');
      expect(welcome).toContain('/exit');

      s.send('متى ستقام كأس العالم؟');
      const answer = await s.waitFor(PROMPT);
      expect(answer).toContain('21 نونبر إلى 18 دجنبر');
      expect(answer).toContain('المصدر: مجلة ”ماروك إيبدو”');
      expect(answer).toMatch(/^> يشار إلى أن الاستعدادات لكأس العالم/m);

      s.send('/more');
      const more = await s.waitFor(PROMPT);
      expect(more).toMatch(/^1\. /m);
      expect(more).not.toContain('يشار إلى أن الاستعدادات'); // Not the passage already shown.
      expect(more).toContain('المصدر:');

      s.send('/sources');
      const sources = await s.waitFor(PROMPT);
      expect(sources).toContain('المقالات التي أعرفها:');
      expect(sources).toContain('عبد اللطيف حموشي ورجاله');

      s.send('/help');
      const help = await s.waitFor(PROMPT);
      expect(help).toContain('اكتب سؤالك');

      s.send('Combien de vélos ?');
      const fr = await s.waitFor(PROMPT);
      expect(fr).toContain('Désolé'); // Declined in French, naming what is covered.
      expect(fr).toContain('حموشي');

      s.send('/exit'); // stdin stays open: /exit alone must end the program.
      expect(await s.exited).toBe(0);
      // Logs never reach standard output: it carries only the conversation.
      expect(s.stdout).not.toMatch(/"level":|"msg":/);
      expect(s.stderr).toMatch(/"msg":"knowledge loaded"/);
    } finally {
      s.kill();
    }
  });

  it('closing stdin (Ctrl-D) ends with 0 after answering what was typed; SANAD_KNOWLEDGE_DIR chooses the articles', async () => {
    const r = await runSanad(['start'], {
      env: { SANAD_KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE },
      input: 'كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟\n/sources\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('150 ألف متر مكعب');
    expect(r.stdout).toContain(`المصدر: ${DESAL_TITLE} (2023-09-14) https://example.org/tighaline/desalination-plant`);
    expect(r.stdout).toMatch(/^> وتبلغ الطاقة الإنتاجية للمحطة/m);
    expect(r.stdout).not.toContain('حموشي');
  });
});

describe.concurrent('configuration errors stop start-up', () => {
  for (const [name, value] of [
    ['SANAD_RATE_LIMIT', 'abc'],
    ['LOG_LEVEL', 'loud'],
  ] as const) {
    it(`${name}=${value}: exit 1, a message naming the variable, nothing on stdout`, async () => {
      const r = await runSanad(['start'], { env: { [name]: value }, input: 'متى ستقام كأس العالم؟\n' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(name);
      expect(r.stderr).toContain(value);
      expect(r.stderr).toMatch(/expected/);
      expect(r.stdout).toBe('');
    });
  }

  it('a wrong number for SANAD_MAX_QUESTION_CHARS stops start-up too (checked in-process)', async () => {
    const r = await startInProcess({ SANAD_MAX_QUESTION_CHARS: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SANAD_MAX_QUESTION_CHARS');
    expect(r.stdout).toBe('');
  });

  it('SANAD_KNOWLEDGE_DIR pointing nowhere: exit 1 and a message naming the variable', async () => {
    const r = await startInProcess({ SANAD_KNOWLEDGE_DIR: '/nonexistent/sanad-knowledge' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SANAD_KNOWLEDGE_DIR');
  });
});

/** Runs `sanad start`'s main() in this process with captured streams and an empty stdin. */
async function startInProcess(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../../adapters/main.ts');
  const { stdout, stderr, out, err } = captureStreams();
  const code = await main([], { env, stdin: Readable.from([]), stdout, stderr });
  return { code, stdout: out(), stderr: err() };
}
