/**
 * The fictional company's market. `lift` is added to the logit of passing every stage,
 * `stageLift` to one stage only, so each breakdown in the app has a story to tell.
 */
export interface Segment {
  name: string;
  weight: number;
  lift: number;
  stageLift?: readonly number[];
}

export interface Region extends Segment {
  cities: readonly string[];
}

export interface Industry extends Segment {
  /** Multiplies days in stage. */
  slow: number;
}

export interface Product extends Segment {
  /** Multiplies the deal size. */
  size: number;
}

export const OPEN_STAGES = ['潜在商机', '有效商机', '可行商机', '目标商机'] as const;
export const WON_STAGE = '成功商机';
export const LOST_STAGE = '失败商机';
export const PRESET_PERCENT = [10, 30, 50, 75] as const;
export const FORECAST_CATEGORY = ['pipeline', 'pipeline', 'best case', 'commit'] as const;

export const REGIONS: readonly Region[] = [
  {
    name: '华东',
    weight: 27,
    lift: 0.25,
    cities: ['上海', '苏州', '杭州', '宁波', '南京', '无锡', '合肥', '青岛'],
  },
  { name: '华北', weight: 18, lift: 0.05, cities: ['北京', '天津', '石家庄', '太原', '保定'] },
  {
    name: '华南',
    weight: 17,
    lift: 0.15,
    cities: ['广州', '深圳', '东莞', '佛山', '厦门', '南宁'],
  },
  { name: '华中', weight: 12, lift: 0, cities: ['武汉', '长沙', '郑州', '南昌', '襄阳'] },
  { name: '西南', weight: 11, lift: -0.1, cities: ['成都', '重庆', '昆明', '贵阳', '绵阳'] },
  // Leaks badly between 有效商机 and 可行商机: feasibility studies stall without local presales.
  {
    name: '西北',
    weight: 7,
    lift: 0,
    stageLift: [0, -1.4, 0, 0],
    cities: ['西安', '兰州', '银川', '西宁'],
  },
  { name: '东北', weight: 8, lift: -0.3, cities: ['沈阳', '大连', '长春', '哈尔滨'] },
];

export const INDUSTRIES: readonly Industry[] = [
  { name: '制造', weight: 40, lift: 0.1, slow: 1 },
  { name: '能源', weight: 10, lift: 0.2, slow: 1.2 },
  { name: '医疗', weight: 9, lift: 0, slow: 1.1 },
  { name: '零售', weight: 8, lift: -0.35, slow: 0.8 },
  { name: '金融', weight: 7, lift: 0.05, slow: 1.2 },
  { name: '教育', weight: 8, lift: -0.25, slow: 1 },
  { name: '物流', weight: 10, lift: -0.1, slow: 0.9 },
  { name: '政府', weight: 8, lift: 0.3, slow: 1.6 },
];

export const SOURCES: readonly Segment[] = [
  { name: '官网', weight: 22, lift: 0 },
  { name: '展会', weight: 17, lift: -0.15 },
  { name: '客户推荐', weight: 12, lift: 0.9 },
  { name: '电话拓展', weight: 25, lift: -0.3, stageLift: [-0.5, 0, 0, 0] },
  { name: '合作伙伴', weight: 14, lift: 0.35 },
  { name: '行业报告', weight: 10, lift: -0.1 },
];

export const PRODUCTS: readonly Product[] = [
  { name: 'MES制造执行系统', weight: 26, lift: -0.1, size: 1.8 },
  { name: '设备物联平台', weight: 24, lift: 0.05, size: 1 },
  { name: '质量管理系统', weight: 20, lift: 0.2, size: 0.6 },
  { name: '供应链协同平台', weight: 15, lift: -0.1, size: 1.3 },
  { name: '工业数据分析平台', weight: 15, lift: 0, size: 0.8 },
];

export const TEAMS: ReadonlyArray<{
  name: string;
  regions: readonly string[];
  owners: readonly string[];
}> = [
  {
    name: '华东大区',
    regions: ['华东'],
    owners: ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨帆', '赵磊'],
  },
  {
    name: '北方大区',
    regions: ['华北', '东北'],
    owners: ['黄丽', '周杰', '吴婷', '徐强', '孙悦', '马超'],
  },
  {
    name: '华南大区',
    regions: ['华南', '华中'],
    owners: ['朱琳', '胡斌', '郭芳', '何涛', '高翔', '林晓'],
  },
  { name: '西部大区', regions: ['西南', '西北'], owners: ['罗鹏', '郑爽', '梁宇', '谢娟', '宋健'] },
];

export function liftAt(segment: Segment, stage: number): number {
  return segment.lift + (segment.stageLift?.[stage] ?? 0);
}
