import { describe, expect, it } from 'vitest';
import { guessRole } from '../../src/lib/import/guess-role.ts';

const SALESFORCE_USER =
  'Id,Username,FirstName,LastName,CompanyName,Division,Department,Title,Country,Email,Alias,IsActive,UserRoleId,ManagerId,CreatedDate,ChatterAdoptionStage,ChatterAdoptionStageModifiedDate';

const SALESFORCE_LEAD =
  'Id,LastName,FirstName,Name,Company,LeadSource,Status,Industry,AnnualRevenue,OwnerId,IsConverted,ConvertedOpportunityId';
const ZOHO_LEADS =
  'LEADID,Last Name,Company,Lead Owner,Industry,Lead Source,Lead Status,Created Time,CONVERTED';

describe('guessRole(headers)', () => {
  it.each([
    [
      'Salesforce opportunities',
      'opportunities',
      'Id,AccountId,Name,StageName,Amount,CloseDate,OwnerId',
    ],
    ['Salesforce stage history', 'history', 'Id,OpportunityId,CreatedDate,StageName,Amount'],
    ['Salesforce accounts', 'accounts', 'Id,Name,Industry,AnnualRevenue,BillingCountry,OwnerId'],
    // Its ChatterAdoptionStage is no sales stage: a list of people, not of deals.
    ['Salesforce users', 'owners', SALESFORCE_USER],
    ['Maven sales teams', 'owners', 'sales_agent,manager,regional_office'],
    ['Zoho users', 'owners', 'USER_ID,First Name,Last Name,Email'],
    ['a Chinese roster', 'owners', '工号,姓名,部门,区域'],
    // Owner and region beside an amount or a stage are a deal's.
    ['deals without a stage', 'opportunities', 'Deal ID,Owner,Region,Amount'],
    ['deals with a stage', 'opportunities', '负责人,区域,销售阶段'],
    // One deal's fact alone (a name, a product, a stage and a count) lists no deals.
    ['a list of names alone', 'unused', 'Name,Email'],
    ['Maven products', 'unused', 'product,series,sales_price'],
    ['Maven data dictionary', 'unused', 'Table,Field,Description'],
    ['Salesforce stage groups', 'unused', 'StageName,Count,StageName (groups)'],
    // A lead list says which leads were converted, and its status is a lead's, not a deal's.
    ['Salesforce leads', 'unused', SALESFORCE_LEAD],
    ['Zoho leads', 'unused', ZOHO_LEADS],
    ['a Chinese lead list', 'unused', '线索编号,公司名称,行业,线索状态,是否转化'],
    // Zoho's deals carry the lead they came from: a stage makes them deals.
    ['Zoho potentials', 'opportunities', 'Potential Name,Potential Owner,Amount,Stage,LEADID'],
    [
      'Zoho campaigns',
      'opportunities',
      'CAMPAIGNID,Campaign Name,Status,Created Time,Expected Revenue',
    ],
  ])('%s → %s', (_what, role, headers) => {
    expect(guessRole(headers.split(',')).role).toBe(role);
  });

  it('says how well the headers fit the role guessed and an opportunities file', () => {
    const guess = guessRole(['Id', 'StageName', 'Amount']);
    expect(guess).toEqual({ role: 'opportunities', strength: 3, dealStrength: 3, leads: false });
    const products = guessRole(['product', 'series', 'sales_price']);
    expect(products).toMatchObject({ role: 'unused', strength: 0, dealStrength: 1 });
    expect(guessRole(ZOHO_LEADS.split(',')).leads).toBe(true);
  });
});
