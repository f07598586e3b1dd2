/**
 * Traditional → simplified forms of the characters our header synonyms, status words and built-in
 * stage names use, so a Big5 export from Taiwan or Hong Kong (銷售階段, 贏單, 潛在商機) maps like a
 * GBK one. Both strings have the
 * same length: the SQL side folds status words with DuckDB's translate() over the same pair.
 */
export const TRADITIONAL =
  '變區間檔數權時預計簽單結約關閉業屬類別戶級營額銷機編號稱題項負責員務進團隊門組國線來獲產決報價幣種創錄於記開階當狀態贏輸設測緊優難複復雜競爭強風險躍後總訂敗丟潛標發確認導談與規劃電話訪觸術現場尋資審張會備購買條';
export const SIMPLIFIED =
  '变区间档数权时预计签单结约关闭业属类别户级营额销机编号称题项负责员务进团队门组国线来获产决报价币种创录于记开阶当状态赢输设测紧优难复复杂竞争强风险跃后总订败丢潜标发确认导谈与规划电话访触术现场寻资审张会备购买条';

const MAP = new Map([...TRADITIONAL].map((char, i) => [char, SIMPLIFIED[i]!]));

export function toSimplified(text: string): string {
  return text.replace(/\p{Script=Han}/gu, (char) => MAP.get(char) ?? char);
}
