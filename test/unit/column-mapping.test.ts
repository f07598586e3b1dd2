import { describe, expect, it } from 'vitest';
import {
  findStageDateColumns,
  headerAmountScale,
  mapColumns,
  MATCH_CONFIDENCE,
  normalizeHeader,
  type ColumnMapping,
} from '../../src/lib/import/column-mapping.ts';
import { headerSignature, MappingMemory } from '../../src/lib/import/header-signature.ts';
import {
  ACCOUNT_SYNONYMS,
  HISTORY_SYNONYMS,
  OPPORTUNITY_SYNONYMS,
  OWNER_SYNONYMS,
  type Synonyms,
} from '../../src/lib/import/synonyms.ts';

/** A header line as it stands in a sample file (no header there holds a comma). */
function split(line: string): string[] {
  return line.split(',').map((h) => h.replace(/^"|"$/g, ''));
}

function columns(mapping: ColumnMapping): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([field, m]) => [field, m.column]));
}

function confidences(mapping: ColumnMapping): Record<string, number> {
  return Object.fromEntries(Object.entries(mapping).map(([field, m]) => [field, m.confidence]));
}

const SALESFORCE_OPPORTUNITY = split(
  '"Id","IsDeleted","AccountId","IsPrivate","Name","Description","StageName","StageSortOrder","Amount","Probability","ExpectedRevenue","TotalOpportunityQuantity","CloseDate","Type","NextStep","LeadSource","IsClosed","IsWon","ForecastCategory","ForecastCategoryName","CampaignId","HasOpportunityLineItem","Pricebook2Id","OwnerId","CreatedDate","CreatedById","LastModifiedDate","LastModifiedById","SystemModstamp","LastActivityDate","LastStageChangeDate","FiscalYear","FiscalQuarter","ContactId","PrimaryPartnerAccountId","ContractId","LastAmountChangedHistoryId","LastCloseDateChangedHistoryId","DeliveryInstallationStatus__c","TrackingNumber__c","OrderNumber__c","CurrentGenerators__c","MainCompetitors__c"',
);
const SALESFORCE_HISTORY = split(
  '"Id","OpportunityId","CreatedById","CreatedDate","CreatedDateForInsert","StageName","Amount","ExpectedRevenue","CloseDate","Probability","FromForecastCategory","ForecastCategory","PrevForecastUpdate","FromOpportunityStageName","PrevOpportunityStageUpdate","ValidThroughDate","SystemModstamp","IsDeleted","PrevAmount","PrevCloseDate"',
);
const SALESFORCE_ACCOUNT = split(
  '"Id","IsDeleted","MasterRecordId","Name","Type","ParentId","BillingStreet","BillingCity","BillingState","BillingPostalCode","BillingCountry","BillingLatitude","BillingLongitude","BillingGeocodeAccuracy","ShippingStreet","ShippingCity","ShippingState","ShippingPostalCode","ShippingCountry","ShippingLatitude","ShippingLongitude","ShippingGeocodeAccuracy","Phone","Fax","AccountNumber","Website","Sic","Industry","AnnualRevenue","NumberOfEmployees","Ownership","TickerSymbol","Description","Rating","Site","OwnerId","CreatedDate","CreatedById","LastModifiedDate","LastModifiedById","SystemModstamp","LastActivityDate","Jigsaw","JigsawCompanyId","CleanStatus","AccountSource","DunsNumber","Tradestyle","NaicsCode","NaicsDesc","YearStarted","SicDesc","DandbCompanyId","OperatingHoursId","CustomerPriority__c","SLA__c","Active__c","NumberofLocations__c","UpsellOpportunity__c","SLASerialNumber__c","SLAExpirationDate__c"',
);
const POWERBI_OPPORTUNITY = split(
  'Id,AccountId,Name,Description,StageName,Amount,Probability,ExpectedRevenue,CloseDate,NextStep,LeadSource,IsClosed,IsWon,CreatedDate,LastModifiedDate,LastActivityDate,Opportunity Lifecycle (Days),Opp Creation Date_Simulated,Opp Close Date_Simulated',
);
const POWERBI_HISTORY = split(
  'Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,SystemModstamp,IsDeleted,OpportunityHistoryKey',
);
const POWERBI_ACCOUNT = split(
  'Id,IsDeleted,Name,Type,ParentId,BillingCity,BillingState,BillingPostalCode,BillingLatitude,BillingLongitude,Industry,AnnualRevenue,NumberOfEmployees,Ownership,Rating,LastActivityDate,Active__c',
);
const ZOHO_POTENTIALS = split(
  'Potential Name,Potential Owner,Created Time,Closing Date,Amount,Expected Revenue,Stage,Forecast Type,Type,Lead Source,Probability,Age in Days,Age Tier,Amount Tier,LEADID,Tasks Involved,Events Involved,Calls Involved,Activities Involved,Campaign Id',
);
const MAVEN_PIPELINE = split(
  'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
);
const MAVEN_TEAMS = split('sales_agent,manager,regional_office');
const SALESFORCE_USER = split(
  '"Id","Username","FirstName","LastName","CompanyName","Division","Department","Title","Street","City","State","PostalCode","Country","Latitude","Longitude","GeocodeAccuracy","Email","SenderEmail","SenderName","Signature","StayInTouchSubject","StayInTouchSignature","StayInTouchNote","Phone","Fax","MobilePhone","Alias","CommunityNickname","IsActive","IsSystemControlled","TimeZoneSidKey","UserRoleId","LocaleSidKey","ReceivesInfoEmails","ReceivesAdminInfoEmails","EmailEncodingKey","ProfileId","UserType","UserSubtype","StartDay","EndDay","LanguageLocaleKey","EmployeeNumber","DelegatedApproverId","ManagerId","LastLoginDate","LastPasswordChangeDate","CreatedDate","CreatedById","LastModifiedDate","LastModifiedById","SystemModstamp","NumberOfFailedLogins","SuAccessExpirationDate","SuOrgAdminExpirationDate","OfflineTrialExpirationDate","WirelessTrialExpirationDate","OfflinePdaTrialExpirationDate","ForecastEnabled","ContactId","AccountId","CallCenterId","Extension","FederationIdentifier","AboutMe","LoginLimit","ProfilePhotoId","DigestFrequency","DefaultGroupNotificationFrequency","JigsawImportLimitOverride","WorkspaceId","SharingType","ChatterAdoptionStage","ChatterAdoptionStageModifiedDate","BannerPhotoId","IsProfilePhotoActive","IndividualId","GlobalIdentity"',
);
const ZOHO_USERS = split('USER_ID,First Name,Last Name,Email');
const MAVEN_ACCOUNTS = split(
  'account,sector,year_established,revenue,employees,office_location,subsidiary_of',
);
const OLIST_CLOSED = split(
  'mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,lead_type,lead_behaviour_profile,has_company,has_gtin,average_stock,business_type,declared_product_catalog_size,declared_monthly_revenue',
);
const OLIST_MQL = split('mql_id,first_contact_date,landing_page_id,origin');

const CHINESE = split(
  '商机编号,商机名称,客户名称,客户编号,负责人,销售团队,大区,行业,商机来源,产品名称,预计金额(万元),币种,创建时间,预计成交日期,销售阶段,赢输状态,赢单率(%),预测类别,客户等级,紧急程度,重要程度,需求难易度,竞争程度,客户价值,客户风险程度,客户活跃程度,年营业额（万元）,进入有效商机时间,进入可行商机时间,最后跟进时间,备注',
);
const HUBSPOT = [
  'Record ID',
  'Deal Name',
  'Deal Stage',
  'Close Date',
  'Deal owner',
  'Amount',
  'Create Date',
  'Pipeline',
  'Deal Type',
  'Deal probability',
  'Forecast category',
  'Associated Company',
  'Weighted amount',
  'Amount in company currency',
  'Last Activity Date',
  'Is Closed Won',
  'Is Deal Closed?',
  'Date entered "Appointment scheduled (Sales Pipeline)"',
  'Date exited "Appointment scheduled (Sales Pipeline)"',
  'Time in "Appointment scheduled (Sales Pipeline)"',
  'Date entered "Qualified to buy (Sales Pipeline)"',
  'Date entered "Closed won (Sales Pipeline)"',
  'Date entered "Closed lost (Sales Pipeline)"',
];
const PIPEDRIVE = [
  'Deal - ID',
  'Deal - Title',
  'Deal - Creator',
  'Deal - Owner',
  'Deal - Value',
  'Deal - Currency',
  'Deal - Weighted value',
  'Deal - Probability',
  'Deal - Organization',
  'Deal - Pipeline',
  'Deal - Contact person',
  'Deal - Stage',
  'Deal - Label',
  'Deal - Status',
  'Deal - Deal created',
  'Deal - Update time',
  'Deal - Last stage change',
  'Deal - Next activity date',
  'Deal - Expected close date',
  'Deal - Won time',
  'Deal - Lost time',
  'Deal - Close time',
  'Deal - Lost reason',
  'Deal - Source channel',
  'Deal - Product name',
];
const ODOO = [
  'Created on',
  'Opportunity',
  'Customer',
  'Contact Name',
  'Email',
  'Phone',
  'City',
  'Country',
  'Salesperson',
  'Sales Team',
  'Stage',
  'Expected Revenue',
  'Prorated Revenue',
  'Probability',
  'Expected Closing',
  'Closed Date',
  'Priority',
  'Tags',
  'Source',
  'Medium',
  'Campaign',
  'Lost Reason',
  'Currency',
  'Company',
];

describe('normalizeHeader(header)', () => {
  it.each([
    ['\uFEFFOpportunity_ID', 'opportunityid'],
    ['"Deal - Expected close date"', 'dealexpectedclosedate'],
    ['ＡＭＯＵＮＴ', 'amount'],
    ['预计金额（万元）', '预计金额'],
    ['Probability (%)', 'probability'],
    ['Amount [USD]', 'amount'],
    ['Est. Revenue', 'estrevenue'],
    ['Region__c', 'region'],
    ['Is Deal Closed?', 'isdealclosed'],
  ])('%s → %s', (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });

  it('keeps a header that is nothing but a bracket', () => {
    expect(normalizeHeader('(万元)')).toBe('(万元)');
  });
});

describe('mapColumns(headers, target) on the sample exports', () => {
  it('maps the Salesforce Data Loader opportunity export', () => {
    const mapping = mapColumns(SALESFORCE_OPPORTUNITY, 'opportunities');
    expect(columns(mapping)).toEqual({
      id: 'Id',
      name: 'Name',
      account: 'AccountId',
      owner: 'OwnerId',
      stage: 'StageName',
      amount: 'Amount',
      probability: 'Probability',
      close_date: 'CloseDate',
      created_at: 'CreatedDate',
      source: 'LeadSource',
      forecast_category: 'ForecastCategoryName',
      is_won: 'IsWon',
      is_closed: 'IsClosed',
    });
    expect(Object.values(confidences(mapping))).toEqual(
      Array<number>(13).fill(MATCH_CONFIDENCE.exact),
    );
  });

  it('maps the Salesforce OpportunityHistory export, ignoring its own Id', () => {
    expect(columns(mapColumns(SALESFORCE_HISTORY, 'history'))).toEqual({
      opportunity_id: 'OpportunityId',
      stage: 'StageName',
      entered_at: 'CreatedDate',
      amount: 'Amount',
      close_date: 'CloseDate',
    });
  });

  it('maps the Salesforce account export', () => {
    const mapping = mapColumns(SALESFORCE_ACCOUNT, 'accounts');
    // Its Id is what Salesforce's opportunities name the account by (AccountId).
    expect(columns(mapping)).toEqual({
      account: 'Name',
      account_id: 'Id',
      industry: 'Industry',
      region: 'BillingCountry',
      annual_revenue: 'AnnualRevenue',
    });
    expect(mapping.account?.confidence).toBe(MATCH_CONFIDENCE.strong);
  });

  it('maps the Power BI Salesforce opportunity export', () => {
    expect(columns(mapColumns(POWERBI_OPPORTUNITY, 'opportunities'))).toEqual({
      id: 'Id',
      account: 'AccountId',
      name: 'Name',
      stage: 'StageName',
      amount: 'Amount',
      probability: 'Probability',
      close_date: 'CloseDate',
      source: 'LeadSource',
      is_closed: 'IsClosed',
      is_won: 'IsWon',
      created_at: 'CreatedDate',
    });
  });

  it('maps the Power BI Salesforce history and account exports', () => {
    expect(columns(mapColumns(POWERBI_HISTORY, 'history'))).toEqual({
      opportunity_id: 'OpportunityId',
      stage: 'StageName',
      entered_at: 'CreatedDate',
      amount: 'Amount',
      close_date: 'CloseDate',
    });
    const accounts = mapColumns(POWERBI_ACCOUNT, 'accounts');
    expect(columns(accounts)).toEqual({
      account: 'Name',
      account_id: 'Id',
      industry: 'Industry',
      region: 'BillingState',
      annual_revenue: 'AnnualRevenue',
    });
    expect(accounts.region?.confidence).toBe(MATCH_CONFIDENCE.weak);
  });

  it('maps Zoho Potentials: Amount, not Expected Revenue nor Amount Tier', () => {
    expect(columns(mapColumns(ZOHO_POTENTIALS, 'opportunities'))).toEqual({
      name: 'Potential Name',
      owner: 'Potential Owner',
      created_at: 'Created Time',
      close_date: 'Closing Date',
      amount: 'Amount',
      stage: 'Stage',
      forecast_category: 'Forecast Type',
      source: 'Lead Source',
      probability: 'Probability',
    });
  });

  it('maps the Maven pipeline, sales teams and accounts files', () => {
    expect(columns(mapColumns(MAVEN_PIPELINE, 'opportunities'))).toEqual({
      id: 'opportunity_id',
      owner: 'sales_agent',
      product: 'product',
      account: 'account',
      stage: 'deal_stage',
      close_date: 'close_date',
      amount: 'close_value',
    });
    const teams = mapColumns(MAVEN_TEAMS, 'opportunities');
    expect(columns(teams)).toEqual({
      owner: 'sales_agent',
      team: 'manager',
      region: 'regional_office',
    });
    expect(teams.team?.confidence).toBe(MATCH_CONFIDENCE.weak);
    expect(columns(mapColumns(MAVEN_ACCOUNTS, 'accounts'))).toEqual({
      account: 'account',
      industry: 'sector',
      region: 'office_location',
      annual_revenue: 'revenue',
    });
  });

  it('maps a sales team’s file: Salesforce users, Maven teams, Zoho users, a Chinese roster', () => {
    expect(columns(mapColumns(SALESFORCE_USER, 'owners'))).toEqual({
      owner_id: 'Id',
      first_name: 'FirstName',
      last_name: 'LastName',
      team: 'Department',
    });
    expect(columns(mapColumns(MAVEN_TEAMS, 'owners'))).toEqual({
      owner: 'sales_agent',
      team: 'manager',
      region: 'regional_office',
    });
    expect(columns(mapColumns(ZOHO_USERS, 'owners'))).toEqual({
      owner_id: 'USER_ID',
      first_name: 'First Name',
      last_name: 'Last Name',
    });
    expect(columns(mapColumns(split('工号,姓名,所属部门,销售区域,手机'), 'owners'))).toEqual({
      owner_id: '工号',
      owner: '姓名',
      team: '所属部门',
      region: '销售区域',
    });
  });

  it('maps the Olist funnel files weakly and leaves their other columns alone', () => {
    const closed = mapColumns(OLIST_CLOSED, 'opportunities');
    expect(columns(closed)).toEqual({
      id: 'mql_id',
      owner: 'sr_id',
      industry: 'business_segment',
    });
    expect(new Set(Object.values(confidences(closed)))).toEqual(new Set([MATCH_CONFIDENCE.weak]));
    expect(columns(mapColumns(OLIST_MQL, 'opportunities'))).toEqual({
      id: 'mql_id',
      created_at: 'first_contact_date',
      source: 'origin',
    });
  });
});

describe('mapColumns(headers, target) on other CRMs', () => {
  it('maps a Chinese export with every canonical field', () => {
    const mapping = mapColumns(CHINESE, 'opportunities');
    expect(columns(mapping)).toEqual({
      id: '商机编号',
      name: '商机名称',
      account: '客户名称',
      owner: '负责人',
      team: '销售团队',
      region: '大区',
      industry: '行业',
      source: '商机来源',
      product: '产品名称',
      amount: '预计金额(万元)',
      currency: '币种',
      created_at: '创建时间',
      close_date: '预计成交日期',
      stage: '销售阶段',
      status: '赢输状态',
      probability: '赢单率(%)',
      forecast_category: '预测类别',
      customer_class: '客户等级',
      urgency: '紧急程度',
      importance: '重要程度',
      difficulty: '需求难易度',
      competition: '竞争程度',
      customer_value: '客户价值',
      customer_risk: '客户风险程度',
      customer_activity: '客户活跃程度',
      annual_revenue: '年营业额（万元）',
    });
  });

  it('maps the shorter Chinese names with their strengths', () => {
    const mapping = mapColumns(
      split(
        '编号,商机,客户,销售,部门,地区,来源,产品,金额,货币,创建日期,结单日期,阶段,状态,赢率,客户分类,年收入',
      ),
      'opportunities',
    );
    expect(confidences(mapping)).toEqual({
      id: MATCH_CONFIDENCE.strong,
      name: MATCH_CONFIDENCE.strong,
      account: MATCH_CONFIDENCE.exact,
      owner: MATCH_CONFIDENCE.weak,
      team: MATCH_CONFIDENCE.exact,
      region: MATCH_CONFIDENCE.exact,
      source: MATCH_CONFIDENCE.exact,
      product: MATCH_CONFIDENCE.exact,
      amount: MATCH_CONFIDENCE.exact,
      currency: MATCH_CONFIDENCE.exact,
      created_at: MATCH_CONFIDENCE.exact,
      close_date: MATCH_CONFIDENCE.exact,
      stage: MATCH_CONFIDENCE.exact,
      status: MATCH_CONFIDENCE.exact,
      probability: MATCH_CONFIDENCE.exact,
      customer_class: MATCH_CONFIDENCE.exact,
      annual_revenue: MATCH_CONFIDENCE.exact,
    });
  });

  it('maps a Chinese stage history', () => {
    expect(columns(mapColumns(split('商机编号,原阶段,新阶段,变更时间,操作人'), 'history'))).toEqual(
      {
        opportunity_id: '商机编号',
        stage: '新阶段',
        entered_at: '变更时间',
      },
    );
  });

  it('maps HubSpot and leaves its wide "Date entered" columns unmapped', () => {
    const mapping = mapColumns(HUBSPOT, 'opportunities');
    expect(columns(mapping)).toEqual({
      id: 'Record ID',
      name: 'Deal Name',
      stage: 'Deal Stage',
      close_date: 'Close Date',
      owner: 'Deal owner',
      amount: 'Amount',
      created_at: 'Create Date',
      team: 'Pipeline',
      probability: 'Deal probability',
      forecast_category: 'Forecast category',
      account: 'Associated Company',
      is_won: 'Is Closed Won',
      is_closed: 'Is Deal Closed?',
    });
    expect(mapping.team?.confidence).toBe(MATCH_CONFIDENCE.weak);
  });

  it('maps Pipedrive', () => {
    expect(columns(mapColumns(PIPEDRIVE, 'opportunities'))).toEqual({
      id: 'Deal - ID',
      name: 'Deal - Title',
      owner: 'Deal - Owner',
      amount: 'Deal - Value',
      currency: 'Deal - Currency',
      probability: 'Deal - Probability',
      account: 'Deal - Organization',
      team: 'Deal - Pipeline',
      stage: 'Deal - Stage',
      status: 'Deal - Status',
      created_at: 'Deal - Deal created',
      close_date: 'Deal - Expected close date',
      source: 'Deal - Source channel',
      product: 'Deal - Product name',
    });
  });

  it('maps Odoo, whose Expected Revenue is the amount when there is no Amount', () => {
    const mapping = mapColumns(ODOO, 'opportunities');
    expect(columns(mapping)).toEqual({
      created_at: 'Created on',
      name: 'Opportunity',
      account: 'Customer',
      region: 'Country',
      owner: 'Salesperson',
      team: 'Sales Team',
      stage: 'Stage',
      amount: 'Expected Revenue',
      probability: 'Probability',
      close_date: 'Expected Closing',
      importance: 'Priority',
      source: 'Source',
      currency: 'Currency',
    });
    expect(mapping.amount?.confidence).toBe(MATCH_CONFIDENCE.weak);
  });
});

describe('mapColumns(headers, target) ambiguities and conflicts', () => {
  it('prefers Amount over Expected Revenue wherever either stands', () => {
    for (const headers of [
      ['Expected Revenue', 'Amount'],
      ['Amount', 'Expected Revenue'],
    ]) {
      expect(mapColumns(headers, 'opportunities')).toEqual({
        amount: { column: 'Amount', confidence: MATCH_CONFIDENCE.exact },
      });
    }
  });

  it('never maps a tier or a weighted amount to amount', () => {
    expect(mapColumns(['Amount Tier', 'Age Tier', 'Weighted amount'], 'opportunities')).toEqual({});
  });

  it('tells Account Name from Name', () => {
    expect(columns(mapColumns(['Name', 'Account Name'], 'opportunities'))).toEqual({
      name: 'Name',
      account: 'Account Name',
    });
  });

  it('reads Probability (%) as probability', () => {
    expect(mapColumns(['Probability (%)'], 'opportunities')).toEqual({
      probability: { column: 'Probability (%)', confidence: MATCH_CONFIDENCE.exact },
    });
  });

  it('finds a synonym inside a longer header as a partial match', () => {
    expect(mapColumns(['Opportunity Amount USD', 'Sales Rep ID'], 'opportunities')).toEqual({
      amount: { column: 'Opportunity Amount USD', confidence: MATCH_CONFIDENCE.partial },
      owner: { column: 'Sales Rep ID', confidence: MATCH_CONFIDENCE.partial },
    });
  });

  it('gives a partial header to the field named last in it', () => {
    expect(columns(mapColumns(['Product Amount', 'Amount Region Code'], 'opportunities'))).toEqual({
      amount: 'Product Amount',
      region: 'Amount Region Code',
    });
  });

  it('does not take an amount column for the currency', () => {
    expect(mapColumns(['Amount in company currency'], 'opportunities')).toEqual({
      amount: { column: 'Amount in company currency', confidence: MATCH_CONFIDENCE.strong },
    });
  });

  it('gives each field its best header, whatever the column order', () => {
    expect(
      columns(mapColumns(['Company', 'Customer', 'Value', 'Amount'], 'opportunities')),
    ).toEqual({ account: 'Customer', amount: 'Amount' });
  });

  it('gives each header one field', () => {
    expect(columns(mapColumns(['Amount Currency'], 'opportunities'))).toEqual({
      currency: 'Amount Currency',
    });
    expect(columns(mapColumns(['Currency Amount'], 'opportunities'))).toEqual({
      amount: 'Currency Amount',
    });
  });

  it('breaks a tie between exact headers by the more specific one, then by file order', () => {
    expect(columns(mapColumns(['Id', 'Opportunity ID'], 'opportunities'))).toEqual({
      id: 'Opportunity ID',
    });
    expect(columns(mapColumns(['Amount (converted)', 'Amount'], 'opportunities'))).toEqual({
      amount: 'Amount (converted)',
    });
  });

  it('reads Salesforce custom fields by their name', () => {
    expect(columns(mapColumns(['Region__c', 'Industry__c'], 'opportunities'))).toEqual({
      region: 'Region__c',
      industry: 'Industry__c',
    });
  });

  it('keeps "Entered At" of a long history as its date', () => {
    expect(columns(mapColumns(['Deal ID', 'To Stage', 'Entered At'], 'history'))).toEqual({
      opportunity_id: 'Deal ID',
      stage: 'To Stage',
      entered_at: 'Entered At',
    });
  });

  it('maps nothing from empty or unknown headers', () => {
    expect(mapColumns(['', 'Foo', 'Notes'], 'opportunities')).toEqual({});
  });
});

describe('synonym dictionary', () => {
  it.each([
    ['opportunities', OPPORTUNITY_SYNONYMS],
    ['history', HISTORY_SYNONYMS],
    ['accounts', ACCOUNT_SYNONYMS],
    ['owners', OWNER_SYNONYMS],
  ] as Array<[string, Record<string, Synonyms>]>)(
    'gives no %s header to two fields',
    (_target, table) => {
      const owner = new Map<string, string>();
      const clashes: string[] = [];
      for (const [field, s] of Object.entries(table)) {
        const terms = [field, ...s.exact, ...(s.strong ?? []), ...(s.weak ?? [])];
        for (const key of new Set(terms.map(normalizeHeader))) {
          const other = owner.get(key);
          if (other !== undefined) clashes.push(`${key}: ${other} / ${field}`);
          owner.set(key, field);
        }
      }
      expect(clashes).toEqual([]);
    },
  );
});

describe('headerAmountScale(header)', () => {
  it.each([
    ['预计金额(万元)', 1e4],
    ['预计金额（万元）', 1e4],
    ['年营业额(亿元)', 1e8],
    ['合同金额(千万元)', 1e7],
    ['金额/万元', 1e4],
    ['合同金额万元', 1e4],
    ['金额(元)', 1],
    ['Amount (K)', 1e3],
    ['Amount (USD K)', 1e3],
    ['Revenue ($000)', 1e3],
    ['Amount in thousands', 1e3],
    ['Amount (in millions)', 1e6],
    ['Amount (MM)', 1e6],
    ['Revenue [bn]', 1e9],
    ['Amount [USD]', 1],
    ['Amount (MXN)', 1],
    ['Probability (%)', 1],
    ['Amount', 1],
  ])('%s → %d', (header, scale) => {
    expect(headerAmountScale(header)).toBe(scale);
  });
});

describe('findStageDateColumns(headers, stageNames)', () => {
  const HUBSPOT_STAGES = [
    'Appointment scheduled',
    'Qualified to buy',
    'Presentation scheduled',
    'Closed won',
    'Closed lost',
  ];

  it('finds HubSpot "Date entered" columns and names their stages', () => {
    expect(findStageDateColumns(HUBSPOT, HUBSPOT_STAGES)).toEqual([
      {
        column: 'Date entered "Appointment scheduled (Sales Pipeline)"',
        stage: 'Appointment scheduled',
        confidence: 1,
      },
      {
        column: 'Date entered "Qualified to buy (Sales Pipeline)"',
        stage: 'Qualified to buy',
        confidence: 1,
      },
      { column: 'Date entered "Closed won (Sales Pipeline)"', stage: 'Closed won', confidence: 1 },
      {
        column: 'Date entered "Closed lost (Sales Pipeline)"',
        stage: 'Closed lost',
        confidence: 1,
      },
    ]);
  });

  it('takes the stage text from the header when no stage name matches', () => {
    expect(
      findStageDateColumns(['Date entered Qualified to buy', 'Date entered current stage'], []),
    ).toEqual([
      { column: 'Date entered Qualified to buy', stage: 'Qualified to buy', confidence: 0.8 },
    ]);
  });

  it('finds Maven engage_date by its stem, not close_date', () => {
    const stages = ['Prospecting', 'Engaging', 'Won', 'Lost'];
    const expected = [{ column: 'engage_date', stage: 'Engaging', confidence: 0.6 }];
    expect(findStageDateColumns(MAVEN_PIPELINE, stages)).toEqual(expected);
    expect(findStageDateColumns(['engage_date'], stages)).toEqual(expected);
    expect(findStageDateColumns(MAVEN_PIPELINE, ['Prospecting', 'Won', 'Lost'])).toEqual([]);
  });

  it('matches word stems such as qualify ~ Qualified', () => {
    expect(
      findStageDateColumns(['qualify_date', 'Proposal Date'], ['Qualified', 'Proposed']),
    ).toEqual([
      { column: 'qualify_date', stage: 'Qualified', confidence: 0.6 },
      { column: 'Proposal Date', stage: 'Proposed', confidence: 0.6 },
    ]);
  });

  it('finds Chinese per-stage entry times', () => {
    const stages = ['潜在商机', '有效商机', '可行商机', '目标商机', '成功商机'];
    expect(findStageDateColumns([...CHINESE, '赢单日期'], stages)).toEqual([
      { column: '进入有效商机时间', stage: '有效商机', confidence: 1 },
      { column: '进入可行商机时间', stage: '可行商机', confidence: 1 },
      { column: '赢单日期', stage: '成功商机', confidence: 0.6 },
    ]);
  });

  it('reads won and lost times as the terminal stages', () => {
    const stages = ['Qualified', 'Contact Made', 'Proposal Made', 'Negotiations Started'];
    expect(findStageDateColumns(PIPEDRIVE, stages)).toEqual([
      { column: 'Deal - Won time', stage: 'Won', confidence: 0.6 },
      { column: 'Deal - Lost time', stage: 'Lost', confidence: 0.6 },
    ]);
    expect(findStageDateColumns(OLIST_CLOSED, ['Closed Won', 'Closed Lost'])).toEqual([
      { column: 'won_date', stage: 'Closed Won', confidence: 0.6 },
    ]);
  });

  it('leaves creation and close dates alone, even when another header won the field', () => {
    expect(
      findStageDateColumns(['Close Date', 'Closing Date', 'created_on'], ['Closed', 'Created']),
    ).toEqual([]);
    expect(findStageDateColumns(['close_date'], ['Closing'])).toEqual([]);
  });

  it('skips a header that fits two stages equally', () => {
    expect(findStageDateColumns(['closed_at'], ['Closed Won', 'Closed Lost'])).toEqual([]);
  });
});

describe('headerSignature(headers)', () => {
  it('is a short hex key that ignores column order, a BOM and outer spaces', () => {
    const signature = headerSignature(['Amount', 'Stage', 'Name']);
    expect(signature).toMatch(/^[0-9a-f]{8}$/);
    expect(headerSignature(['\uFEFFName', ' Stage ', 'Amount'])).toBe(signature);
  });

  it('changes with the headers', () => {
    const signature = headerSignature(['Amount', 'Stage']);
    expect(headerSignature(['Amount', 'Stage', 'Owner'])).not.toBe(signature);
    expect(headerSignature(['amount', 'Stage'])).not.toBe(signature);
    expect(headerSignature(['AmountStage'])).not.toBe(signature);
  });

  it('is FNV-1a over the UTF-8 bytes', () => {
    expect(headerSignature([])).toBe('811c9dc5');
    expect(headerSignature(['a'])).toBe('e40c292c');
  });
});

describe('MappingMemory', () => {
  function fakeStorage(): Map<string, string> & {
    getItem(k: string): string | null;
    setItem(k: string, v: string): void;
  } {
    const items = new Map<string, string>();
    return Object.assign(items, {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    });
  }

  it('recalls what it remembered, per signature', () => {
    const memory = new MappingMemory(fakeStorage());
    memory.remember('abc', { amount: 'Deal Value', stage: '' });
    expect(memory.recall('abc')).toEqual({ amount: 'Deal Value', stage: '' });
    expect(memory.recall('def')).toBeNull();
  });

  it('stores JSON under a versioned key', () => {
    const storage = fakeStorage();
    new MappingMemory(storage).remember('abc', { amount: 'Amount' });
    expect([...storage.keys()]).toEqual(['funnelcast.mapping.v1:abc']);
    expect(JSON.parse(storage.get('funnelcast.mapping.v1:abc') ?? '')).toEqual({
      amount: 'Amount',
    });
  });

  it.each(['{not json', '[1,2]', 'null', '"Amount"', '{"amount":3}'])(
    'returns null for a stored %s',
    (stored) => {
      const storage = fakeStorage();
      storage.setItem('funnelcast.mapping.v1:abc', stored);
      expect(new MappingMemory(storage).recall('abc')).toBeNull();
    },
  );
});
