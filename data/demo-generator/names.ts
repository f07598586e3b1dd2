import type { Rng } from './random.ts';

const BRAND_CHARS = [
  ...'华盛鑫泰恒达瑞丰宏信金安德源隆昌远海天中博新东方诚佳永嘉润启明宇凯联汇晨正兴航通力',
];

const TRADES: Readonly<Record<string, readonly string[]>> = {
  制造: [
    '精密机械',
    '重工机械',
    '汽车零部件',
    '电子科技',
    '智能装备',
    '新材料',
    '模具',
    '电气',
    '化工',
  ],
  能源: ['能源', '电力', '新能源', '石化', '燃气', '光伏科技'],
  医疗: ['医疗器械', '生物医药', '制药', '医药'],
  零售: ['商贸', '连锁超市', '百货', '电子商务'],
  金融: ['融资租赁', '金融控股', '保险代理', '资产管理'],
  教育: ['教育科技', '教育集团', '职业培训'],
  物流: ['物流', '供应链管理', '国际货运', '仓储'],
};

const LEGAL_FORMS = ['有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司'];

const AGENCIES = [
  '工业和信息化局',
  '大数据管理局',
  '发展和改革委员会',
  '经济技术开发区管理委员会',
  '高新区管理委员会',
  '市场监督管理局',
];

export interface AccountName {
  name: string;
  /** Used in opportunity names, as sales reps write them. */
  short: string;
}

export function companyName(rng: Rng, industry: string, city: string): AccountName {
  if (industry === '政府') {
    const agency = rng.pick(AGENCIES);
    return { name: `${city}市${agency}`, short: `${city}${agency}` };
  }
  const first = rng.pick(BRAND_CHARS);
  let second = rng.pick(BRAND_CHARS);
  while (second === first) second = rng.pick(BRAND_CHARS);
  const short = first + second + rng.pick(TRADES[industry] ?? []);
  const prefix = rng.chance(0.5) ? city : '';
  return { name: prefix + short + rng.pick(LEGAL_FORMS), short };
}

const PHASES = [...'一二三四五六七八九十'];

/** 二期, 三期… for repeat projects of the same product at one account. */
export function opportunityName(short: string, product: string, phase: number): string {
  const label = phase <= 1 ? '' : `${PHASES[phase - 1] ?? phase}期`;
  return `${short}${product}${label}项目`;
}
