import type { BuiltInModelId } from './stage-model.ts';

/** A built-in stage or terminal: its name in each UI language and other spellings CRMs use. */
export interface BuiltInName {
  zh: string;
  en: string;
  /** Spellings beyond `zh` and `en`; one equal to them under normalizeStageName needs no entry. */
  aliases: readonly string[];
}

export interface BuiltInStage extends BuiltInName {
  /** Preset win rate 0–1; null for the seed models, which carry no numbers. */
  preset: number | null;
}

export interface BuiltInModel {
  id: BuiltInModelId;
  label: { en: string; zh: string };
  /** The language its CRMs write the stage names in: names for stages absent from the data. */
  language: 'zh' | 'en';
  /** The open stages, in order. */
  stages: readonly BuiltInStage[];
  won: BuiltInName;
  lost: BuiltInName;
}

const term = (zh: string, en: string, ...aliases: string[]): BuiltInName => ({ zh, en, aliases });

const seed = (zh: string, en: string, ...aliases: string[]): BuiltInStage => ({
  ...term(zh, en, ...aliases),
  preset: null,
});

const preset = (zh: string, en: string, p: number, ...aliases: string[]): BuiltInStage => ({
  ...term(zh, en, ...aliases),
  preset: p,
});

const LOST_DEAL = term('丢单', 'Lost deal', '失败');

/**
 * The models of GLOSSARY.md. The seed models' English names count as aliases, so an English
 * export of them matches too; HubSpot's API ids (appointmentscheduled, closedwon …) are its labels
 * folded by normalizeStageName, so they need no alias.
 */
export const BUILT_IN_MODELS: Readonly<Record<BuiltInModelId, BuiltInModel>> = {
  lifecycle: {
    id: 'lifecycle',
    label: { en: 'Opportunity lifecycle', zh: '商机生命周期' },
    language: 'zh',
    stages: [
      seed('潜在商机', 'Potential', 'Potential opportunity'),
      seed('有效商机', 'Qualified', 'Qualified opportunity'),
      seed('可行商机', 'Feasible', 'Feasible opportunity'),
      seed('目标商机', 'Target', 'Target opportunity'),
    ],
    won: term('成功商机', 'Won', 'Won opportunity'),
    lost: term('失败商机', 'Lost', 'Lost opportunity'),
  },
  'project-sales': {
    id: 'project-sales',
    label: { en: 'Project-sales funnel', zh: '项目型销售漏斗' },
    language: 'zh',
    stages: [
      seed('定位目标客户群', 'Target customer group'),
      seed('发掘潜在商机', 'Discover opportunity'),
      seed('确认客户意向', 'Confirm intent'),
      seed('引导客户立项', 'Guide project initiation'),
      seed('赢得客户认可', 'Win recognition'),
      seed('进行商务谈判', 'Business negotiation'),
    ],
    won: term('完成销售成交', 'Sale closed'),
    lost: LOST_DEAL,
  },
  'key-account': {
    id: 'key-account',
    label: { en: 'Key-account milestones', zh: '大客户里程碑' },
    language: 'zh',
    stages: [
      seed('行业与客户规划', 'Planning', 'Industry and customer planning'),
      seed('电话预约与上门拜访', 'Call & visit', 'Call and visit'),
      seed('项目立项', 'Project initiation'),
      seed('深度接触', 'Deep contact'),
      seed('技术突破', 'Technical breakthrough'),
      seed('商务突破', 'Business breakthrough'),
      seed('现场投标', 'Bidding'),
    ],
    won: term('合同签订', 'Contract signed'),
    lost: LOST_DEAL,
  },
  salesforce: {
    id: 'salesforce',
    label: { en: 'Salesforce default', zh: 'Salesforce 默认' },
    language: 'en',
    stages: [
      preset('寻找潜在客户', 'Prospecting', 0.1),
      preset('资格审查', 'Qualification', 0.1),
      preset('需求分析', 'Needs Analysis', 0.2),
      preset('价值主张', 'Value Proposition', 0.5),
      preset('确定决策者', 'Id. Decision Makers', 0.6, 'Identify Decision Makers'),
      preset('认知分析', 'Perception Analysis', 0.7),
      preset('方案/报价', 'Proposal/Price Quote', 0.75),
      preset('谈判/审核', 'Negotiation/Review', 0.9),
    ],
    won: term('赢单关闭', 'Closed Won'),
    lost: term('输单关闭', 'Closed Lost'),
  },
  hubspot: {
    id: 'hubspot',
    label: { en: 'HubSpot default', zh: 'HubSpot 默认' },
    language: 'en',
    stages: [
      preset('已预约会面', 'Appointment scheduled', 0.2),
      preset('具备购买条件', 'Qualified to buy', 0.4),
      preset('已安排演示', 'Presentation scheduled', 0.6),
      preset('决策者已认可', 'Decision maker bought-in', 0.8),
      preset('合同已发送', 'Contract sent', 0.9),
    ],
    won: term('赢单关闭', 'Closed won'),
    lost: term('输单关闭', 'Closed lost'),
  },
};
