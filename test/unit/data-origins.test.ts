import { describe, expect, it } from 'vitest';
import { dataUrlProblem } from '../../src/lib/app/data-origins.ts';

const PAGE = 'https://reports.example.com';

describe('dataUrlProblem(url, pageOrigin, allowed)', () => {
  it('lets the site’s own files through, relative or absolute', () => {
    expect(dataUrlProblem('examples/export.csv', PAGE, [])).toBeNull();
    expect(dataUrlProblem('/data/a.parquet', PAGE, [])).toBeNull();
    expect(dataUrlProblem(`${PAGE}/x.csv`, PAGE, [])).toBeNull();
  });

  it('lets a listed origin through and refuses any other, saying why and what to do', () => {
    expect(
      dataUrlProblem('https://crm.example.org/e.csv', PAGE, ['https://crm.example.org']),
    ).toBeNull();
    const problem = dataUrlProblem('https://evil.example.net/e.csv', PAGE, [
      'https://crm.example.org',
    ]);
    expect(problem).toContain('is on https://evil.example.net');
    expect(problem).toContain('only from itself and https://crm.example.org');
    expect(problem).toContain('FUNNELCAST_DATA_ORIGINS');
    // Same host, other scheme or port: another origin.
    expect(dataUrlProblem('http://reports.example.com/x.csv', PAGE, [])).toContain('is on');
    expect(dataUrlProblem('https://reports.example.com:8443/x.csv', PAGE, [])).toContain('is on');
  });

  it('uses the origins listed at build time by default (none in the tests)', () => {
    expect(dataUrlProblem('https://crm.example.org/e.csv', PAGE)).toContain(
      'loads data only from itself, so',
    );
  });
});
