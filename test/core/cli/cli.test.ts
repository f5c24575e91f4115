/**
 * The `sanad` command line, run as a child process exactly as a user runs it:
 * `node bin/sanad.js ...` from the repository root, with no platform tokens.
 * Other scripts depend on the `ask --json` contract: these tests pin it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BUNDLED_FILE, DESAL_FILE, FIXTURE_KNOWLEDGE, ROOT, SQUAD_FIXTURE, VELO_FILE, runSanad, userEnv } from '../helpers.ts';

const tmp: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-cli-'));
  tmp.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

/** The non-empty lines of a program's standard output. */
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

interface AskJson {
  question: string;
  found: boolean;
  answer: string;
  passage: string;
  source: { title: string; file: string; url?: string; date?: string } | null;
  score: number;
}

/** Checks one `ask --json` object against the contract and returns it typed. */
function contract(line: string): AskJson {
  const j = JSON.parse(line) as AskJson;
  expect(typeof j.question).toBe('string');
  expect(typeof j.found).toBe('boolean');
  expect(typeof j.answer).toBe('string');
  expect(j.answer.length).toBeLessThanOrEqual(300);
  expect(typeof j.passage).toBe('string');
  expect(typeof j.score).toBe('number');
  expect(j.score).toBeGreaterThanOrEqual(0);
  expect(j.score).toBeLessThanOrEqual(1);
  if (j.found) {
    expect(j.answer.length).toBeGreaterThan(0);
    expect(j.passage).toContain(j.answer);
    expect(j.source).not.toBeNull();
    expect(typeof j.source!.title).toBe('string');
    expect(typeof j.source!.file).toBe('string');
  }
  return j;
}

describe.concurrent('sanad ask', () => {
  it('--json QUESTION prints exactly one JSON line with the contract’s fields, and nothing else', async () => {
    const q = 'متى ستقام كأس العالم؟';
    const r = await runSanad(['ask', '--json', q]);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(lines(r.stdout)).toHaveLength(1);
    const j = contract(lines(r.stdout)[0]);
    expect(j.question).toBe(q);
    expect(j.found).toBe(true);
    expect(j.answer).toContain('21 نونبر');
    expect(j.source!.file).toBe(BUNDLED_FILE);
    expect(j.source!.title).toContain('حموشي');
  });

  it('stdin mode answers each line in order (3 lines in → 3 JSON lines out), with --knowledge', async () => {
    const questions = ['كم تبلغ الطاقة الإنتاجية لمحطة التحلية؟', 'Combien de vélos compte le réseau ?', 'كيف أحضر طاجين الدجاج؟'];
    const r = await runSanad(['ask', '--json', '--knowledge', FIXTURE_KNOWLEDGE], { input: `${questions.join('\n')}\n` });
    expect(r.code).toBe(0);
    const out = lines(r.stdout).map(contract);
    expect(out.map((j) => j.question)).toEqual(questions);
    expect(out[0]).toMatchObject({ found: true, source: { file: DESAL_FILE, url: 'https://example.org/tighaline/desalination-plant', date: '2023-09-14' } });
    expect(out[0].answer).toContain('150 ألف');
    expect(out[1]).toMatchObject({ found: true, source: { file: VELO_FILE } });
    expect(out[1].answer).toContain('480');
    // Declined: found is false, and the answer says what the articles cover.
    expect(out[2].found).toBe(false);
    expect(out[2].source).toBeNull();
    expect(out[2].passage).toBe('');
    expect(out[2].answer).toContain('تدشين محطة تحلية مياه البحر بمدينة تيغالين');
  });
});

describe.concurrent('sanad check', () => {
  it('lists the bundled article with its passage count, exit 0', async () => {
    const r = await runSanad(['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 article\(s\), \d+ passage\(s\)/);
    expect(r.stdout).toMatch(new RegExp(`${BUNDLED_FILE.replace(/\./g, '\\.')}: \\d+ passage\\(s\\)`));
  });

  it('--knowledge lists every article with title, date and passage count, and every problem file', async () => {
    const dir = tmpDir();
    for (const f of fs.readdirSync(FIXTURE_KNOWLEDGE)) fs.copyFileSync(path.join(FIXTURE_KNOWLEDGE, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'empty.md'), '');
    const r = await runSanad(['check', '--knowledge', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 article\(s\), \d+ passage\(s\)/);
    for (const f of [DESAL_FILE, VELO_FILE, 'wadi-sidr-olive-festival.ar.md']) {
      expect(r.stdout).toMatch(new RegExp(`ok\\s+${f.replace(/\./g, '\\.')}: \\d+ passage\\(s\\)`));
    }
    expect(r.stdout).toContain('تدشين محطة تحلية مياه البحر بمدينة تيغالين (2023-09-14)');
    expect(r.stdout).toMatch(/skipped\s+empty\.md: /);
  });

  it('an empty folder exits non-zero and says why', async () => {
    const r = await runSanad(['check', '--knowledge', tmpDir()]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no article/);
  });
});

describe.concurrent('wrong usage', () => {
  it('an unknown command exits 2 with the usage on stderr', async () => {
    const r = await runSanad(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('frobnicate');
    expect(r.stderr).toContain('Usage:');
    expect(r.stdout).toBe('');
  });

  it('an unknown option exits 2 with the usage on stderr', async () => {
    const r = await runSanad(['ask', '--jsn', 'متى؟']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jsn');
    expect(r.stderr).toContain('Usage:');
    expect(r.stdout).toBe('');
  });

});

describe.concurrent('sanad eval', () => {
  it('prints passage@1, answer@1, abstained and latency for a SQuAD-format file', async () => {
    const r = await runSanad(['eval', SQUAD_FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 articles, \d+ passages, 8 questions/);
    expect(r.stdout).toMatch(/passage@1\s+\d+(\.\d)?%/);
    expect(r.stdout).toMatch(/answer@1\s+\d+(\.\d)?%/);
    expect(r.stdout).toMatch(/abstained\s+\d+(\.\d)?%/);
    expect(r.stdout).toMatch(/latency\s+p50 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(r.stdout).toMatch(/mean answer length \d+/);
  });

  it('--json prints one JSON object with the same figures', async () => {
    const r = await runSanad(['eval', SQUAD_FIXTURE, '--json']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toHaveLength(1);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { latencyMs: { p50: number; p99: number } };
    expect(j).toMatchObject({ questions: 8, articles: 2 });
    for (const k of ['passageAt1', 'answerAt1', 'abstained']) {
      expect(j[k]).toBeGreaterThanOrEqual(0);
      expect(j[k]).toBeLessThanOrEqual(1);
    }
    // Our own questions are plain: the engine gets nearly all of them.
    expect(j.passageAt1).toBeGreaterThanOrEqual(0.75);
    expect(j.latencyMs.p99).toBeGreaterThanOrEqual(j.latencyMs.p50);
    expect(typeof j.machine).toBe('string');
  });

  it('stops quietly when its reader stops early (ask --json < questions | head -1)', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/sanad.js'), 'ask', '--json', '--knowledge', FIXTURE_KNOWLEDGE], {
      cwd: ROOT,
      env: userEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Like `head -1`: read the first line, then close the pipe.
    child.stdout.setEncoding('utf8').once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => {});
    child.stdin.end('كم كلف إنجاز المشروع؟\n'.repeat(2000));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
