import { describe, expect, it } from 'vitest';
import { readQuestion } from '../../../src/chat/question.ts';

const telegram = { mentions: ['@sanad_bot'], commands: ['/ask', '/start', '/help'], botUsername: 'sanad_bot' };
const discord = { mentions: ['<@123456789>', '<@!123456789>'] };

describe('reading the question out of a chat message', () => {
  it('removes the bot’s mention wherever it stands', () => {
    expect(readQuestion('@sanad_bot  متى ستقام كأس العالم؟', telegram)).toEqual({ ok: true, question: 'متى ستقام كأس العالم؟' });
    expect(readQuestion('متى ستقام كأس العالم؟ @sanad_bot', telegram)).toEqual({ ok: true, question: 'متى ستقام كأس العالم؟' });
    expect(readQuestion('<@123456789> Combien de vélos ?', discord)).toEqual({ ok: true, question: 'Combien de vélos ?' });
    expect(readQuestion('<@!123456789> Combien de vélos ?', discord)).toEqual({ ok: true, question: 'Combien de vélos ?' });
  });

  it('removes a leading command, also in its /ask@botname form, in any case', () => {
    expect(readQuestion('/ask متى ستقام كأس العالم؟', telegram)).toEqual({ ok: true, question: 'متى ستقام كأس العالم؟' });
    expect(readQuestion('/ask@sanad_bot متى ستقام كأس العالم؟', telegram)).toEqual({ ok: true, question: 'متى ستقام كأس العالم؟' });
    expect(readQuestion('/ASK@Sanad_Bot متى؟', telegram)).toEqual({ ok: true, question: 'متى؟' });
    expect(readQuestion('  /ask   كم عدد رجال الأمن؟', telegram)).toEqual({ ok: true, question: 'كم عدد رجال الأمن؟' });
  });

  it('a command with nothing after it is an empty question', () => {
    expect(readQuestion('/ask', telegram)).toMatchObject({ ok: false, reason: 'empty' });
    expect(readQuestion('/ask@sanad_bot', telegram)).toMatchObject({ ok: false, reason: 'empty' });
    expect(readQuestion('@sanad_bot', telegram)).toMatchObject({ ok: false, reason: 'empty' });
    expect(readQuestion('<@123456789>   ', discord)).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('does not cut a word that only starts like a command', () => {
    const r = readQuestion('/asking questions', telegram);
    expect(r).toEqual({ ok: true, question: '/asking questions' });
  });

  it('empty, blank, punctuation-only and invisible-only messages are empty', () => {
    for (const text of ['', '   ', '\n\n', '؟؟؟', '... !!', '\u200F\u200E', '«»', null, undefined]) {
      expect(readQuestion(text as string | null | undefined), JSON.stringify(text)).toMatchObject({ ok: false, reason: 'empty' });
    }
  });

  it('collapses runs of spaces and normalises line ends', () => {
    expect(readQuestion('متى   ستقام\r\nكأس \t العالم؟')).toEqual({ ok: true, question: 'متى ستقام\nكأس العالم؟' });
  });

  it('a question over the limit is too long; one at the limit is fine', () => {
    const at = 'س'.repeat(500);
    expect(readQuestion(at)).toEqual({ ok: true, question: at });
    expect(readQuestion(at + 'س')).toEqual({ ok: false, reason: 'too_long', max: 500 });
    expect(readQuestion('a'.repeat(21), { maxChars: 20 })).toEqual({ ok: false, reason: 'too_long', max: 20 });
  });

  it('counts characters as a user does (an emoji is one), and after removing the mention', () => {
    expect(readQuestion('😀'.repeat(20), { maxChars: 20 })).toMatchObject({ ok: false, reason: 'empty' });
    expect(readQuestion('q' + '😀'.repeat(19), { maxChars: 20 }).ok).toBe(true);
    expect(readQuestion('@sanad_bot ' + 'س'.repeat(500), telegram).ok).toBe(true);
  });
});
