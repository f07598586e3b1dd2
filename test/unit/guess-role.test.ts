import { describe, expect, it } from 'vitest';
import { guessRole } from '../../src/lib/import/guess-role.ts';

const SALESFORCE_USER =
  'Id,Username,FirstName,LastName,CompanyName,Division,Department,Title,Country,Email,Alias,IsActive,UserRoleId,ManagerId,CreatedDate,ChatterAdoptionStage,ChatterAdoptionStageModifiedDate';

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
    ['a list of names alone', 'opportunities', 'Name,Email'],
  ])('%s → %s', (_what, role, headers) => {
    expect(guessRole(headers.split(','))).toBe(role);
  });
});
