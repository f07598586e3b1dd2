import { describe, expect, it } from 'vitest';
import { assignRoles } from '../../src/lib/import/assign-roles.ts';
import { guessRole, type SetupRole } from '../../src/lib/import/guess-role.ts';

const MAVEN = {
  accounts: 'account,sector,year_established,revenue,employees,office_location,subsidiary_of',
  dictionary: 'Table,Field,Description',
  products: 'product,series,sales_price',
  pipeline:
    'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
  teams: 'sales_agent,manager,regional_office',
};
const DEALS = 'Id,OwnerId,StageName,Amount,CreatedDate,CloseDate';
const FEWER_DEALS = 'Id,StageName,Amount';

/** Files as dropped, in order: their headers, and the role set by hand where one was. */
function assign(...files: Array<string | [string, SetupRole]>) {
  return assignRoles(
    files.map((f) => {
      const [headers, chosen] = typeof f === 'string' ? [f, null] : f;
      return { guess: guessRole(headers.split(',')), chosen };
    }),
  );
}
const roles = (assigned: ReturnType<typeof assign>) => assigned.map((a) => a.role);

describe('assignRoles(files)', () => {
  it('reads a whole Maven folder: its pipeline, accounts and sales teams, not its products or dictionary', () => {
    const assigned = assign(
      MAVEN.accounts,
      MAVEN.dictionary,
      MAVEN.products,
      MAVEN.pipeline,
      MAVEN.teams,
    );
    expect(roles(assigned)).toEqual(['accounts', 'unused', 'unused', 'opportunities', 'owners']);
    expect(assigned[1]!.unusedBecause).toEqual({ kind: 'nothing' });
    expect(assigned[2]!.unusedBecause).toEqual({ kind: 'nothing' });
  });

  it('leaves out a Zoho folder’s leads and campaigns beside its potentials, saying why', () => {
    const assigned = assign(
      'CAMPAIGNID,Campaign Name,Type,Status,Created Time,Expected Revenue',
      'LEADID,Last Name,Company,Lead Owner,Industry,Lead Source,Lead Status,Created Time,CONVERTED',
      'Potential Name,Potential Owner,Created Time,Closing Date,Amount,Stage,Lead Source,Probability',
      'USER_ID,First Name,Last Name,Email',
    );
    expect(roles(assigned)).toEqual(['unused', 'unused', 'opportunities', 'owners']);
    // The campaigns map a status, a date and an amount (2.6), the potentials eight fields.
    expect(assigned[0]!.unusedBecause).toEqual({ kind: 'weaker', other: 2 });
    expect(assigned[1]!.unusedBecause).toEqual({ kind: 'leads' });
  });

  it('of two deal files, the one whose headers fit better is read, whichever came first', () => {
    expect(roles(assign(FEWER_DEALS, DEALS))).toEqual(['unused', 'opportunities']);
    expect(roles(assign(DEALS, FEWER_DEALS))).toEqual(['opportunities', 'unused']);
    // Fitting equally, the first.
    expect(roles(assign(FEWER_DEALS, FEWER_DEALS))).toEqual(['opportunities', 'unused']);
  });

  it('keeps a role set by hand, taking it from the files guessed for it', () => {
    const assigned = assign(DEALS, [FEWER_DEALS, 'opportunities']);
    expect(roles(assigned)).toEqual(['unused', 'opportunities']);
    expect(assigned[0]!.unusedBecause).toEqual({ kind: 'displaced', other: 1 });
    // Two set by hand stay so: the page then asks which to read.
    const both = assign([DEALS, 'opportunities'], [FEWER_DEALS, 'opportunities']);
    expect(roles(both)).toEqual(['opportunities', 'opportunities']);
  });

  it('takes the file most like deals for the opportunities when none is guessed to be them', () => {
    // Alone, a file is shown as deals, so that its mapping says what it lacks.
    expect(roles(assign('Name,Email'))).toEqual(['opportunities']);
    expect(roles(assign(MAVEN.dictionary, MAVEN.products))).toEqual(['unused', 'opportunities']);
    // A roster alone stays one; a file left out by hand stays out.
    expect(roles(assign(MAVEN.teams))).toEqual(['owners']);
    const outByHand = assign([MAVEN.products, 'unused']);
    expect(outByHand).toEqual([{ role: 'unused', unusedBecause: null }]);
  });
});
