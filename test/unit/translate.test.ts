import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../src/lib/i18n/messages-en.ts';
import { zh } from '../../src/lib/i18n/messages-zh.ts';
import { translate } from '../../src/lib/i18n/translate.ts';

const PLAIN = /\{(\w+)\}/g;
const PLURAL = /\{(\w+):([^|{}]*)\|([^{}]*)\}/g;
const names = (text: string, pattern: RegExp) =>
  [...text.matchAll(pattern)].map((m) => m[1]!).sort();

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'kpi.recentWon.note', { n: 12 })).toBe('12 deals won');
    expect(translate('en', 'kpi.recentWon.note')).toBe('{n} deals won');
  });

  it('makes English agree with the number, formatted or not', () => {
    expect(translate('en', 'kpi.weighted.note', { rates: 'Calibrated', n: 1 })).toBe(
      'Calibrated rates × amount, 1 open deal closing in it',
    );
    expect(translate('en', 'kpi.weighted.note', { rates: 'Calibrated', n: '1' })).toBe(
      'Calibrated rates × amount, 1 open deal closing in it',
    );
    expect(translate('en', 'kpi.weighted.note', { rates: 'Calibrated', n: 0 })).toBe(
      'Calibrated rates × amount, 0 open deals closing in it',
    );
    expect(translate('en', 'kpi.weighted.note', { rates: 'Calibrated', n: '1,000' })).toBe(
      'Calibrated rates × amount, 1,000 open deals closing in it',
    );
    // Verbs and pronouns agree too.
    expect(
      translate('en', 'forecast.overdueNote', { n: '1', amount: '5K', asOf: 'May 20, 2021' }),
    ).toBe(
      '1 open deal worth 5K is overdue (close date before May 20, 2021): it is shown apart, never moved into a period.',
    );
  });

  it('leaves Chinese, which has no plural, as written', () => {
    expect(translate('zh-CN', 'kpi.recentWon.note', { n: 1 })).toBe(
      zh['kpi.recentWon.note'].replace('{n}', '1'),
    );
  });

  it('gives both languages the same placeholders, and English plurals a number to agree with', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      const english = en[key];
      expect(names(zh[key], PLAIN), key).toEqual(names(english, PLAIN));
      expect(names(zh[key], PLURAL), key).toEqual([]);
      for (const name of names(english, PLURAL)) {
        expect(names(english, PLAIN), `${key}: {${name}:…} without {${name}}`).toContain(name);
      }
      // Nothing but placeholders and plural choices in braces.
      expect(english.replace(PLURAL, '').replace(PLAIN, ''), key).not.toMatch(/[{}]/);
    }
  });
});
